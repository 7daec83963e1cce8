//! The reference parsers on arbitrary text: never a panic; a parsed citation prints back to itself.
#![no_main]
use libfuzzer_sys::fuzz_target;
use zhili::{Corpus, Ref};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    if let Ok(r) = s.parse::<Ref>() {
        assert_eq!(r.to_string().parse::<Ref>().unwrap(), r);
    }
    let _ = zhili::reference::parse_zh(s);
    let corpus = Corpus::get().unwrap();
    for default in [None, Some("haidong"), Some("wuxi-draft")] {
        if let Ok(r) = corpus.parse_ref(s, default) {
            assert!(corpus.exists(&r), "{r} parsed but does not exist");
        }
    }
    let _ = zhili::numeral::parse(s);
});
