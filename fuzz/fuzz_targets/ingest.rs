//! Ingestion on arbitrary raw text: a regulation or a precise error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use zhili::ingest::{ingest, Manifest, RawSource};

const MANIFEST: &str = include_str!("../../regulations/haidong/regulation.toml");

fuzz_target!(|data: &[u8]| {
    let manifest: Manifest = toml::from_str(MANIFEST).unwrap();
    if let Ok((reg, _)) = ingest(&manifest, &[RawSource { name: "fuzz", bytes: data }]) {
        // whatever was accepted is a well-formed, consecutively numbered text
        for (i, a) in reg.articles().enumerate() {
            assert_eq!(a.number as usize, i + 1);
            assert!(!a.paragraphs.is_empty());
        }
    }
});
