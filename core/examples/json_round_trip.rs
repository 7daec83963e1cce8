//! The floor of `zhili ask --jsonl`: reads a JSONL file, parses each line into a `serde_json::Value`
//! and writes it back, one line each, through the same buffered stdout and allocator the CLI uses. A
//! process that does only the JSON reading and writing the CLI must do in any case (on one thread);
//! `scripts/bench-cli.sh` times it beside the CLI. `json_round_trip FILE > /dev/null`

use std::io::{BufRead, Write};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: json_round_trip FILE")?;
    let input = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(&line)?;
        serde_json::to_writer(&mut out, &value)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}
