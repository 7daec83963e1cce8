//! The question parser and evaluators on arbitrary input: every input gets exactly one answer,
//! either a verdict or an error with a code; answers are deterministic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let a = zhili::ask_json(s);
    if let Some(e) = &a.error {
        assert!(zhili::Error::CODES.contains(&e.code.as_str()), "unknown code {}", e.code);
    }
    let b = zhili::ask_json(s);
    assert_eq!(a.to_json_line(), b.to_json_line());
});
