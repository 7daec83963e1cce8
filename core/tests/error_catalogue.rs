//! The error catalogue is defined once (`catalogue!` in core/src/error.rs); docs/errors.md's table
//! lists the same codes in the same order, so the page cannot drift from the code. (The Python
//! exception classes and the TypeScript `ErrorCodeName` union are checked against it by the
//! bindings' own tests.)

#[test]
fn docs_errors_lists_every_code_in_catalogue_order() {
    let page =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/errors.md")).unwrap();
    let documented: Vec<&str> = page
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`').map(|(code, _)| code))
        .collect();
    assert_eq!(documented, zhili::Error::CODES);
    let served: Vec<&str> = zhili::api::error_catalogue()
        .iter()
        .map(|e| e.code)
        .collect();
    assert_eq!(served, zhili::Error::CODES);
}
