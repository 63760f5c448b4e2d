//! The scoring core alone, on one core: partners classified per second.
//!
//!     cargo bench --bench scoring_core
//!
//! `classify` runs the domain core on already-parsed partners;
//! `parse_classify_convert` adds what the gRPC edge does around it (parsing
//! the protobuf payload and converting the result back).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use stage_scorer::{
    config,
    domain::classify,
    synthetic::SyntheticPortfolio,
    wire::{
        field_violations::FieldViolations, parse::partner::parse_partner,
        to_proto::classification::classification_to_proto,
    },
};

const PARTNERS: u64 = 10_000;

fn scoring_core(c: &mut Criterion) {
    let model = config::builtin().model;
    let messages: Vec<_> = SyntheticPortfolio::with_count(42, PARTNERS).collect();
    let partners: Vec<_> = messages
        .iter()
        .map(|m| {
            let mut v = FieldViolations::default();
            parse_partner(m.clone(), &mut v).expect("generated partners are valid")
        })
        .collect();

    let mut group = c.benchmark_group("scoring_core");
    group.throughput(Throughput::Elements(PARTNERS));
    group.bench_function("classify", |b| {
        b.iter(|| {
            for p in &partners {
                black_box(classify(&model, black_box(p)));
            }
        })
    });
    group.bench_function("parse_classify_convert", |b| {
        b.iter(|| {
            for m in &messages {
                let mut v = FieldViolations::default();
                let p = parse_partner(black_box(m.clone()), &mut v).unwrap();
                black_box(classification_to_proto(classify(&model, &p)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, scoring_core);
criterion_main!(benches);
