//! The intake on arbitrary text: every input gets a structured question or a typed error, never a
//! panic; the recognised words are the question's own characters at their span; the structured
//! question is answered without an error of its shape (unknown-fact, invalid-fact); deterministic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    match zhili::api::intake(s) {
        Ok(i) => {
            let chars: Vec<char> = s.chars().collect();
            for r in i.recognised.iter().chain(&i.unresolved) {
                let [a, b] = r.span;
                assert!(a <= b && b <= chars.len(), "span {a}..{b} of {}", chars.len());
                if a < b {
                    assert_eq!(r.words, chars[a..b].iter().collect::<String>());
                }
            }
            let a = zhili::ask_value(&i.question);
            if let Some(e) = &a.error {
                assert!(zhili::Error::CODES.contains(&e.code.as_str()));
                assert!(!["unknown-fact", "invalid-fact", "invalid-json"].contains(&e.code.as_str()), "{e:?}");
            }
            assert_eq!(zhili::api::intake(s).ok(), Some(i));
        }
        Err(e) => assert!(["invalid-question", "too-large"].contains(&e.code()), "{e}"),
    }
});
