//! Built-in channels and KPIs as the editor shows them. The tables
//! themselves are the checker's (`journey_check::builtins`): one source.

use journey_check::builtins::Kind;
pub use journey_check::builtins::{
    builtin_channel as channel, builtin_kpi as kpi, BuiltinChannel, BuiltinKpi,
    BUILTIN_CHANNELS as CHANNELS, BUILTIN_KPIS as KPIS,
};

/// The kind of value a built-in KPI takes, in words.
pub fn kpi_kind(kpi: &BuiltinKpi) -> &'static str {
    match kpi.kind {
        Kind::Number => "number",
        Kind::Percent => "percent",
        Kind::Duration => "duration",
        Kind::Money => "money",
    }
}

/// The range of a built-in KPI, e.g. `0..100` or `≥ 0`.
pub fn kpi_range(kpi: &BuiltinKpi) -> String {
    let number = journey_check::builtins::format_number;
    match (kpi.min, kpi.max) {
        (Some(min), Some(max)) => format!("{}..{}", number(min), number(max)),
        (Some(min), None) => format!("≥ {}", number(min)),
        (None, Some(max)) => format!("≤ {}", number(max)),
        (None, None) => "any".to_string(),
    }
}

/// `built-in KPI: percent, 0..100, higher is better`
pub fn kpi_detail(kpi: &BuiltinKpi) -> String {
    format!(
        "built-in KPI: {}, {}, {} is better",
        kpi_kind(kpi),
        kpi_range(kpi),
        kpi.direction.as_str()
    )
}

/// Data items the built-in channels require, offered after `data` and
/// `requires`.
pub static DATA_ITEMS: &[&str] = &["email", "phone", "push_token", "app", "address"];

pub use journey_syntax::keywords::SINGLE_VALUED;
