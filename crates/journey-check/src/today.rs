//! "Today" for `stale-measurement` and `future-measurement` (LANGUAGE.md
//! §10): the current UTC date, unless the command line (`--today`) or the
//! environment (`JOURNEY_TODAY`) fixes it so that runs are reproducible.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use journey_syntax::date::{civil_from_days, days_from_civil, parse_ymd};

/// The environment variable that fixes today's date.
pub const TODAY_ENV: &str = "JOURNEY_TODAY";

const UNSET: i64 = i64::MIN;

/// Set once by the command line; process-wide because every analysis of a
/// run must agree on the date.
static TODAY: AtomicI64 = AtomicI64::new(UNSET);

/// Fixes today's date (days since 1970-01-01) for the rest of the process.
pub fn set_today(days: i64) {
    TODAY.store(days, Ordering::Relaxed);
}

/// `YYYY-MM-DD` as days since 1970-01-01; `None` unless a real date.
pub fn parse_date(text: &str) -> Option<i64> {
    parse_ymd(text.trim()).map(|(y, m, d)| days_from_civil(y, m, d))
}

/// Days since 1970-01-01 as `YYYY-MM-DD`.
pub fn format_date(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Today: the date set by [`set_today`], else a valid `JOURNEY_TODAY`, else
/// the current UTC date.
pub fn today() -> i64 {
    let set = TODAY.load(Ordering::Relaxed);
    if set != UNSET {
        return set;
    }
    if let Some(days) = std::env::var(TODAY_ENV).ok().and_then(|t| parse_date(&t)) {
        return days;
    }
    current_utc_date()
}

/// The current UTC date, from the system clock.
pub fn current_utc_date() -> i64 {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    (seconds / 86_400) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_and_print_as_iso() {
        let days = parse_date("2026-12-01").unwrap();
        assert_eq!(format_date(days), "2026-12-01");
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("tomorrow"), None);
    }
}
