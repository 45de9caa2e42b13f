//! Numbers, values and statuses in words: the same text in every format.

use journey_check::compile::{
    ApproachJson, CompletedJson, DesiredJson, KpiJson, SegmentJson, ValueJson,
};

/// A number as people write it: `40`, `3.2`, `-12.5` (at most two decimals).
pub(crate) fn number(value: f64) -> String {
    if !value.is_finite() {
        return "—".to_string();
    }
    if value.fract() == 0.0 && value.abs() < 1e15 {
        return format!("{}", value as i64);
    }
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A rate in percent with one decimal at most: `25%`, `4.2%`.
pub(crate) fn percent(rate: f64) -> String {
    let rounded = (rate * 10.0).round() / 10.0;
    format!("{}%", number(rounded))
}

pub(crate) fn value(value: &ValueJson) -> String {
    match value {
        ValueJson::Percent { value } => format!("{}%", number(value.0)),
        ValueJson::Number { value } => number(value.0),
        ValueJson::Duration { text, .. } => text.clone(),
        ValueJson::Money { amount, currency } => format!("{} {currency}", number(amount.0)),
    }
}

/// Met, missed or unknown, as a word and a shape (never colour alone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    Met,
    Missed,
    Unknown,
    /// Measured, but there is no target to compare with.
    NoTarget,
}

impl Status {
    pub(crate) fn of(met: Option<bool>) -> Status {
        match met {
            Some(true) => Status::Met,
            Some(false) => Status::Missed,
            None => Status::Unknown,
        }
    }

    pub(crate) fn word(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Missed => "missed",
            Status::Unknown => "not measured",
            Status::NoTarget => "no target",
        }
    }

    pub(crate) fn symbol(self) -> &'static str {
        match self {
            Status::Met => "✓",
            Status::Missed => "✗",
            Status::Unknown | Status::NoTarget => "–",
        }
    }

    pub(crate) fn class(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Missed => "missed",
            Status::Unknown | Status::NoTarget => "unknown",
        }
    }
}

/// "target 5% · actual 3.2%".
pub(crate) fn kpi_figures(kpi: &KpiJson) -> String {
    let target = kpi.target.as_ref().map_or("—".to_string(), value);
    let actual = kpi.actual.as_ref().map_or("—".to_string(), value);
    let direction = match kpi.direction {
        journey_check::compile::DirectionJson::Higher => "higher is better",
        journey_check::compile::DirectionJson::Lower => "lower is better",
    };
    format!("target {target} · actual {actual} ({direction})")
}

/// The completed rate of a desired action, in percent.
pub(crate) fn completed_rate(desired: &DesiredJson) -> Option<f64> {
    match desired.completed.as_ref()? {
        CompletedJson::Counts { rate, .. } | CompletedJson::Rate { rate, .. } => {
            rate.map(|r| r.0.clamp(0.0, 100.0))
        }
    }
}

/// "completed 25% (1250 of 5000) · target 30%".
pub(crate) fn desired_figures(desired: &DesiredJson) -> String {
    let completed = match &desired.completed {
        None => "not measured".to_string(),
        Some(CompletedJson::Counts {
            count, of, rate, ..
        }) => format!(
            "completed {} ({count} of {of})",
            rate.map_or("—".to_string(), |r| percent(r.0))
        ),
        Some(CompletedJson::Rate { rate, .. }) => format!(
            "completed {}",
            rate.map_or("—".to_string(), |r| percent(r.0))
        ),
    };
    match desired.target {
        Some(target) => format!("{completed} · target {}", percent(target.0)),
        None => completed,
    }
}

pub(crate) fn approach(approach: ApproachJson) -> &'static str {
    match approach {
        ApproachJson::Functional => "Functional (Marketing → Sales → Service)",
        ApproachJson::Business => "Business (Acquisition → Conversion → Retention)",
        ApproachJson::Engagement => "Engagement (Awareness → … → Repurchase)",
        ApproachJson::Action => "Action (Search → Book → Check-in)",
        ApproachJson::Goal => "Goal (Plan → Decide → Transact → Evaluate)",
    }
}

pub(crate) fn segment(segment: SegmentJson) -> &'static str {
    match segment {
        SegmentJson::B2b => "B2B",
        SegmentJson::B2c => "B2C",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_people_write_them() {
        assert_eq!(number(40.0), "40");
        assert_eq!(number(-12.5), "-12.5");
        assert_eq!(number(3.204), "3.2");
        assert_eq!(number(f64::NAN), "—");
        assert_eq!(percent(4.204_081), "4.2%");
        assert_eq!(percent(25.0), "25%");
    }
}
