use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;
use journey_ide::host::{AnalysisHost, Document};
fn main() {
    let text = journey_syntax::testgen::lsp_journey(10_000);
    let mut host = AnalysisHost::default();
    let mut times = Vec::new();
    for v in 0..60 {
        let doc = Arc::new(Document::new("u".into(), PathBuf::from("/tmp/b/big.journey"), v, Arc::from(text.as_str())));
        doc.analysis();
        host.insert("u".into(), doc.clone());
        let overlay = host.overlay();
        let t = Instant::now();
        let a = doc.semantics(&overlay);
        times.push(t.elapsed().as_secs_f64() * 1e3);
        std::hint::black_box(a);
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!("semantics (parsed) p50 {:.2} ms min {:.2} max {:.2}", times[30], times[0], times[59]);
}
