//! `pest::Stack` (vendored and patched, see `vendor/pest/PATCH.md`) against a
//! reference model: random sequences of push, pop, peek, drop, snapshot,
//! clear_snapshot and restore must leave both with the same contents after
//! every step. The model copies the whole stack at every snapshot, so it is
//! obviously right; the patched stack skips snapshots of an empty stack, and
//! this is what shows that nothing observable changes.
//!
//! The sequences come from a fixed-seed generator (no dependency), biased
//! towards an empty stack and deep snapshot nesting, where the patch acts.
//! A failure is shrunk to a short sequence before it is reported.

use pest::Stack;

#[derive(Clone, Copy, Debug)]
enum Op {
    Push(u32),
    Pop,
    Peek,
    /// `DROP` in a grammar: a pop whose value is not looked at.
    Drop,
    Snapshot,
    ClearSnapshot,
    Restore,
}

/// The obvious implementation: a snapshot is a copy of the stack.
#[derive(Default)]
struct Model {
    stack: Vec<u32>,
    snapshots: Vec<Vec<u32>>,
}

impl Model {
    fn apply(&mut self, op: Op) -> Option<u32> {
        match op {
            Op::Push(value) => self.stack.push(value),
            Op::Pop | Op::Drop => return self.stack.pop(),
            Op::Peek => return self.stack.last().copied(),
            Op::Snapshot => self.snapshots.push(self.stack.clone()),
            Op::ClearSnapshot => {
                self.snapshots.pop();
            }
            // Without a snapshot, `Stack::restore` returns to the initial state.
            Op::Restore => self.stack = self.snapshots.pop().unwrap_or_default(),
        }
        None
    }
}

fn apply(stack: &mut Stack<u32>, op: Op) -> Option<u32> {
    match op {
        Op::Push(value) => stack.push(value),
        Op::Pop | Op::Drop => return stack.pop(),
        Op::Peek => return stack.peek().copied(),
        Op::Snapshot => stack.snapshot(),
        Op::ClearSnapshot => stack.clear_snapshot(),
        Op::Restore => stack.restore(),
    }
    None
}

/// Runs `ops` on both; the index of the first step where they differ.
fn first_divergence(ops: &[Op]) -> Option<usize> {
    let mut stack = Stack::new();
    let mut model = Model::default();
    for (step, &op) in ops.iter().enumerate() {
        let got = apply(&mut stack, op);
        let expected = model.apply(op);
        let same_contents = stack.len() == model.stack.len()
            && stack.is_empty() == model.stack.is_empty()
            && stack[0..stack.len()] == model.stack[..];
        if got != expected || !same_contents {
            return Some(step);
        }
    }
    None
}

/// SplitMix64: small, fixed-seed, good enough to spread the choices.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Snapshots come in about as often as they go, and pops a little more often
/// than pushes, so that the stack is often empty with snapshots open (and
/// sometimes cleared or restored once too often, which the API allows).
fn random_ops(rng: &mut Rng, len: usize) -> Vec<Op> {
    (0..len)
        .map(|_| match rng.below(20) {
            0..=3 => Op::Push(rng.below(1000) as u32),
            4..=6 => Op::Pop,
            7 => Op::Peek,
            8 => Op::Drop,
            9..=12 => Op::Snapshot,
            13..=15 => Op::ClearSnapshot,
            _ => Op::Restore,
        })
        .collect()
}

/// Removes steps while the sequence still fails, so that the report is short.
fn shrink(mut ops: Vec<Op>) -> Vec<Op> {
    let mut index = 0;
    while index < ops.len() {
        let mut shorter = ops.clone();
        shorter.remove(index);
        if first_divergence(&shorter).is_some() {
            ops = shorter;
        } else {
            index += 1;
        }
    }
    ops
}

fn assert_matches_model(ops: Vec<Op>) {
    if let Some(step) = first_divergence(&ops) {
        let ops = shrink(ops[..=step].to_vec());
        panic!("pest::Stack differs from the model after: {ops:?}");
    }
}

#[test]
fn random_operation_sequences_match_the_model() {
    let mut rng = Rng(0x5EED_0F57_AC00);
    for case in 0..4_000 {
        // Short sequences find shallow mistakes; long ones reach deep nesting.
        let len = if case % 4 == 0 { 200 } else { 24 };
        assert_matches_model(random_ops(&mut rng, len));
    }
}

/// The cases the patch is about, spelled out: a snapshot of an empty stack
/// below and above snapshots of a non-empty one.
#[test]
fn snapshots_of_an_empty_stack_nest_with_others() {
    use Op::*;
    // One sequence a line reads better than rustfmt's one step a line.
    #[rustfmt::skip]
    let cases: &[&[Op]] = &[
        // Empty-stack snapshot, then a push inside it, restored and cleared.
        &[Snapshot, Push(1), Restore, Peek],
        &[Snapshot, Push(1), ClearSnapshot, Peek, Restore, Peek],
        // An empty-stack snapshot inside a snapshot that has popped an element.
        &[Push(1), Snapshot, Pop, Snapshot, Push(2), Restore, Restore, Peek],
        &[Push(1), Snapshot, Pop, Snapshot, Push(2), ClearSnapshot, Restore, Peek],
        // A non-empty snapshot inside an empty-stack one.
        &[Snapshot, Push(1), Snapshot, Drop, ClearSnapshot, Restore, Pop],
        &[Snapshot, Push(1), Snapshot, Pop, Restore, ClearSnapshot, Peek],
        // More restores and clears than snapshots.
        &[Push(1), Restore, Restore, ClearSnapshot, Push(2), Snapshot, Pop, Restore, Peek],
    ];
    for ops in cases {
        assert_eq!(first_divergence(ops), None, "{ops:?}");
    }
}
