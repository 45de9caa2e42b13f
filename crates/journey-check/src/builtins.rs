//! The built-in channels and KPIs of LANGUAGE.md §5 and §6.

use journey_syntax::ast::{Direction, ValueKind};

/// A channel that exists without a declaration, with the data it requires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BuiltinChannel {
    pub id: &'static str,
    /// Data items a persona must have for the channel to reach them.
    pub requires: &'static [&'static str],
}

const fn channel(id: &'static str, requires: &'static [&'static str]) -> BuiltinChannel {
    BuiltinChannel { id, requires }
}

/// Every built-in channel, in the order of the language reference.
pub static BUILTIN_CHANNELS: &[BuiltinChannel] = &[
    channel("email", &["email"]),
    channel("sms", &["phone"]),
    channel("push", &["push_token"]),
    channel("in_app", &["app"]),
    channel("call", &["phone"]),
    channel("mail", &["address"]),
    channel("web", &[]),
    channel("social", &[]),
    channel("ads", &[]),
    channel("search", &[]),
    channel("store", &[]),
    channel("chat", &[]),
    channel("tv", &[]),
    channel("radio", &[]),
    channel("print", &[]),
    channel("outdoor", &[]),
    channel("referral", &[]),
    channel("review", &[]),
    channel("event", &[]),
];

pub fn builtin_channel(id: &str) -> Option<&'static BuiltinChannel> {
    BUILTIN_CHANNELS.iter().find(|channel| channel.id == id)
}

/// The kind of a VALUE.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Number,
    Percent,
    Duration,
    Money,
}

impl Kind {
    pub fn of(value: &ValueKind) -> Kind {
        match value {
            ValueKind::Number(_) => Kind::Number,
            ValueKind::Percent(_) => Kind::Percent,
            ValueKind::Duration { .. } => Kind::Duration,
            ValueKind::Money { .. } => Kind::Money,
        }
    }

    /// "a percent", "a number", … for messages.
    pub fn phrase(self) -> &'static str {
        match self {
            Kind::Number => "a plain number",
            Kind::Percent => "a percent",
            Kind::Duration => "a duration",
            Kind::Money => "an amount of money",
        }
    }

    pub fn example(self) -> &'static str {
        match self {
            Kind::Number => "`40`",
            Kind::Percent => "`40%`",
            Kind::Duration => "`3d` or `45min`",
            Kind::Money => "`1200 EUR`",
        }
    }
}

/// A KPI with a known meaning: its value kind, range and default direction.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BuiltinKpi {
    pub id: &'static str,
    pub kind: Kind,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub direction: Direction,
    /// What it measures, for hover and messages.
    pub summary: &'static str,
}

const fn kpi(
    id: &'static str,
    kind: Kind,
    min: Option<f64>,
    max: Option<f64>,
    direction: Direction,
    summary: &'static str,
) -> BuiltinKpi {
    BuiltinKpi {
        id,
        kind,
        min,
        max,
        direction,
        summary,
    }
}

pub static BUILTIN_KPIS: &[BuiltinKpi] = &[
    kpi(
        "conversion_rate",
        Kind::Percent,
        Some(0.0),
        Some(100.0),
        Direction::Higher,
        "Share of customers who take the step the stage or journey is about.",
    ),
    kpi(
        "retention_rate",
        Kind::Percent,
        Some(0.0),
        Some(100.0),
        Direction::Higher,
        "Share of customers who stay or buy again.",
    ),
    kpi(
        "csat",
        Kind::Percent,
        Some(0.0),
        Some(100.0),
        Direction::Higher,
        "Customer satisfaction: share of satisfied answers.",
    ),
    kpi(
        "churn_rate",
        Kind::Percent,
        Some(0.0),
        Some(100.0),
        Direction::Lower,
        "Share of customers who leave.",
    ),
    kpi(
        "nps",
        Kind::Number,
        Some(-100.0),
        Some(100.0),
        Direction::Higher,
        "Net Promoter Score, from -100 to 100.",
    ),
    kpi(
        "ces",
        Kind::Number,
        Some(1.0),
        Some(7.0),
        Direction::Lower,
        "Customer Effort Score, from 1 (no effort) to 7.",
    ),
    kpi(
        "average_transaction_time",
        Kind::Duration,
        Some(0.0),
        None,
        Direction::Lower,
        "How long a transaction takes on average.",
    ),
    kpi(
        "clv",
        Kind::Money,
        Some(0.0),
        None,
        Direction::Higher,
        "Customer lifetime value.",
    ),
];

pub fn builtin_kpi(id: &str) -> Option<&'static BuiltinKpi> {
    BUILTIN_KPIS.iter().find(|kpi| kpi.id == id)
}

/// A value's magnitude in its kind's unit (durations in seconds).
pub fn magnitude(value: &ValueKind) -> f64 {
    match value {
        ValueKind::Number(n) | ValueKind::Percent(n) => *n,
        ValueKind::Duration { amount, unit } => amount * unit.seconds(),
        ValueKind::Money { amount, .. } => *amount,
    }
}

/// Whether two values can be compared: the same kind, and for money the
/// same currency.
pub fn comparable(a: &ValueKind, b: &ValueKind) -> bool {
    match (a, b) {
        (ValueKind::Money { currency: x, .. }, ValueKind::Money { currency: y, .. }) => x == y,
        _ => Kind::of(a) == Kind::of(b),
    }
}

/// A number as people write it: `30`, `3.2`, `-12.5` (no trailing zeros).
pub fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        let text = format!("{value:.6}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}
