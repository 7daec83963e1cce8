//! Decides the typed questions of one kind from a JSONL file, N rounds, with no explanation: what
//! `cargo bench -p zhili --bench ask -- decide` times, for counting instructions under valgrind
//! (`valgrind --tool=callgrind target/release/examples/decide FILE KIND ROUNDS`).

use zhili::api::Explain;

// the allocator the CLI, the Python module and the benchmarks answer with
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (file, kind) = (&args[1], &args[2]);
    let rounds: usize = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(1);
    let text = std::fs::read_to_string(file).expect("readable file");
    let questions: Vec<zhili::Question> = text
        .lines()
        .filter_map(|l| zhili::Question::from_json(l).ok())
        .filter(|q| q.kind.as_str() == kind)
        .collect();
    let ctx = zhili::embedded::context(Explain::None).expect("embedded data");
    let mut verdicts = 0usize;
    for _ in 0..rounds {
        for q in &questions {
            let a = zhili::evaluate::answer(&ctx, q);
            verdicts += a.map_or(0, |a| a.citations.len());
        }
    }
    println!(
        "{} questions × {rounds} rounds, {verdicts} citations",
        questions.len()
    );
}
