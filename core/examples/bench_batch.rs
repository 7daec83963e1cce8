//! Writes the benchmarks' mixed batch to standard output: `cargo run --release -p zhili --example
//! bench_batch -- 100000 > batch.jsonl` (scripts/bench-cli.sh uses it).

#[path = "../benches/batch/mod.rs"]
mod batch;

use std::io::Write;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .map(|s| s.parse().expect("a number of questions"))
        .unwrap_or(100_000);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let out = batch::jsonl(&root, n);
    std::io::stdout().lock().write_all(out.as_bytes()).unwrap();
}
