//! The statements each block accepts and what every keyword means.
//!
//! This table serves syntax-error messages, completion, hover and the keyword
//! reference; a test checks it against `grammar/journey.pest`, which stays the
//! source of truth for the syntax itself.

use serde::Serialize;

/// The kinds of block (and the top level) that hold statements.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    TopLevel,
    Team,
    Persona,
    Channel,
    Journey,
    Stage,
    Touchpoint,
    Pain,
    Desired,
    Kpi,
}

impl BlockKind {
    /// Every block kind, in the order of the language reference.
    pub const ALL: [BlockKind; 10] = [
        BlockKind::TopLevel,
        BlockKind::Team,
        BlockKind::Persona,
        BlockKind::Channel,
        BlockKind::Journey,
        BlockKind::Stage,
        BlockKind::Touchpoint,
        BlockKind::Pain,
        BlockKind::Desired,
        BlockKind::Kpi,
    ];

    /// The keyword that opens the block ("" at the top level).
    pub fn keyword(self) -> &'static str {
        match self {
            BlockKind::TopLevel => "",
            BlockKind::Team => "team",
            BlockKind::Persona => "persona",
            BlockKind::Channel => "channel",
            BlockKind::Journey => "journey",
            BlockKind::Stage => "stage",
            BlockKind::Touchpoint => "touchpoint",
            BlockKind::Pain => "pain",
            BlockKind::Desired => "desired",
            BlockKind::Kpi => "kpi",
        }
    }

    /// The block's name in messages ("a touchpoint statement").
    pub fn noun(self) -> &'static str {
        match self {
            BlockKind::TopLevel => "top-level",
            BlockKind::Team => "team",
            BlockKind::Persona => "persona",
            BlockKind::Channel => "channel",
            BlockKind::Journey => "journey",
            BlockKind::Stage => "stage",
            BlockKind::Touchpoint => "touchpoint",
            BlockKind::Pain => "pain",
            BlockKind::Desired => "desired action",
            BlockKind::Kpi => "KPI",
        }
    }

    /// The statement keywords valid directly inside the block, most common
    /// first (the order of completion and of "such as" lists).
    pub fn statements(self) -> &'static [&'static str] {
        match self {
            BlockKind::TopLevel => &["journey", "persona", "team", "channel", "import"],
            BlockKind::Team => &[],
            BlockKind::Persona => &[
                "segment",
                "age",
                "region",
                "interests",
                "data",
                "needs",
                "description",
            ],
            BlockKind::Channel => &["requires", "description"],
            BlockKind::Journey => &[
                "goal",
                "approach",
                "for",
                "scale",
                "owner",
                "stage",
                "kpi",
                "description",
            ],
            BlockKind::Stage => &[
                "touchpoint",
                "phase",
                "owner",
                "expects",
                "desired",
                "completed",
                "promise",
                "keeps",
                "kpi",
                "description",
            ],
            BlockKind::Touchpoint => &[
                "channel",
                "emotion",
                "pain",
                "next",
                "effort",
                "moment_of_truth",
                "opportunity",
                "for",
                "owner",
                "does",
                "thinks",
                "says",
                "backstage",
                "system",
                "source",
                "as_of",
                "desired",
                "completed",
                "promise",
                "keeps",
                "kpi",
                "description",
            ],
            BlockKind::Pain => &["severity", "opportunity"],
            BlockKind::Desired => &["target", "event", "description"],
            BlockKind::Kpi => &[
                "target",
                "actual",
                "direction",
                "source",
                "as_of",
                "description",
            ],
        }
    }

    pub fn accepts(self, keyword: &str) -> bool {
        self.statements().contains(&keyword)
    }
}

/// Statements that describe one thing and appear at most once per block
/// (LANGUAGE.md §4; a repeat is `duplicate-field`); every other statement
/// repeats and accumulates. `emotion` is once per persona, and once without
/// `for`. The checker's model builder is tested against this list.
pub static SINGLE_VALUED: &[&str] = &[
    "goal",
    "approach",
    "scale",
    "owner",
    "phase",
    "channel",
    "emotion",
    "effort",
    "segment",
    "age",
    "severity",
    "target",
    "actual",
    "direction",
    "event",
    "description",
    "source",
    "as_of",
];

/// Whether a statement appears at most once per block.
pub fn is_single_valued(keyword: &str) -> bool {
    SINGLE_VALUED.contains(&keyword)
}

/// What a keyword means, how it is written, and an example.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct KeywordDoc {
    pub keyword: &'static str,
    /// How the statement is written.
    pub syntax: &'static str,
    /// What it means in journey-mapping terms.
    pub summary: &'static str,
    pub example: &'static str,
    /// In plain words, what must follow the keyword (for syntax errors).
    pub expects: &'static str,
}

/// Looks up a statement keyword's documentation.
pub fn keyword_doc(keyword: &str) -> Option<&'static KeywordDoc> {
    KEYWORDS.iter().find(|doc| doc.keyword == keyword)
}

macro_rules! kw {
    ($keyword:literal, $syntax:literal, $expects:literal, $summary:literal, $example:literal) => {
        KeywordDoc {
            keyword: $keyword,
            syntax: $syntax,
            summary: $summary,
            example: $example,
            expects: $expects,
        }
    };
}

/// Every statement keyword of the language.
pub static KEYWORDS: &[KeywordDoc] = &[
    kw!("import", "import \"PATH\"", "a file path in double quotes",
        "Makes the teams, personas and channels of another file (and of the files it imports) visible here. Paths are relative to this file.",
        "import \"shared.journey\""),
    kw!("team", "team ID \"LABEL\"?", "a team id, optionally followed by a label",
        "A team that owns stages or touchpoints: responsibility for each part of the journey.",
        "team service \"Customer Service\""),
    kw!("persona", "persona ID \"LABEL\"? { … }", "a persona id, an optional label, then `{`",
        "An audience that travels the journey: who they are, where, and which data the business holds about them (which decides the channels that can reach them).",
        "persona traveler \"Business traveler\" {\n    segment b2c\n    data email, phone\n}"),
    kw!("channel", "channel ID (in a touchpoint); channel ID \"LABEL\"? { … }? (at top level)", "a channel id such as `email`, `web` or `sms`",
        "At top level, declares a channel and the data it requires; inside a touchpoint, the channel where the customer meets the brand.",
        "channel newsletter \"Hotel newsletter\" {\n    requires email\n}"),
    kw!("journey", "journey ID \"LABEL\"? { … }", "a journey id, an optional label, then `{`",
        "A customer journey map: its goal, approach, audiences, rating scale, owner, KPIs and stages.",
        "journey hotel_stay \"Hotel stay\" {\n    goal \"Raise direct bookings by 15%\"\n    stage search { … }\n}"),
    kw!("stage", "stage ID \"LABEL\"? { … }", "a stage id, an optional label, then `{`",
        "A step of the journey the customer passes through (Awareness, Consideration, Purchase…), with its phase, owning team and touchpoints.",
        "stage book \"Book\" {\n    phase pre_purchase\n    owner sales\n}"),
    kw!("touchpoint", "touchpoint ID \"LABEL\"? { … }", "a touchpoint id, an optional label, then `{`",
        "A moment where the customer meets the brand on a channel, rated on the journey's emotion scale.",
        "touchpoint landing \"Landing page\" {\n    channel web\n    emotion 2\n}"),
    kw!("segment", "segment b2b|b2c", "`b2b` or `b2c`",
        "Whether the persona buys as a business (b2b) or as a consumer (b2c).",
        "segment b2c"),
    kw!("age", "age MIN..MAX", "an age range such as `30..50`",
        "The persona's age range.",
        "age 30..50"),
    kw!("region", "region \"R\", …", "one or more strings such as `\"PL\", \"DE\"`",
        "Where the persona lives or buys.",
        "region \"PL\", \"DE\""),
    kw!("interests", "interests \"I\", …", "one or more strings",
        "What the persona cares about; useful for content and targeting.",
        "interests \"business travel\", \"loyalty programmes\""),
    kw!("data", "data ID, …", "one or more data items such as `email, phone`",
        "The data the business holds about the persona. A channel can only reach personas who have the data it requires: an SMS needs a phone number.",
        "data email, phone, app"),
    kw!("needs", "needs \"TEXT\"", "a string",
        "Something the persona needs from the journey.",
        "needs \"Know the amenities before packing\""),
    kw!("description", "description \"TEXT\"", "a string",
        "Free text describing the enclosing definition.",
        "description \"Everything after the booking is paid\""),
    kw!("requires", "requires ID, …", "one or more data items such as `email`",
        "The data a declared channel needs to reach a persona.",
        "requires email"),
    kw!("goal", "goal \"TEXT\"", "a string",
        "What the business wants the journey to achieve; every map should state one.",
        "goal \"Raise direct bookings by business travelers by 15%\""),
    kw!("approach", "approach functional|business|engagement|action|goal", "`functional`, `business`, `engagement`, `action` or `goal`",
        "How the stages are cut: functional (marketing → sales → service), business (acquisition → conversion → retention), engagement (awareness → … → repurchase), action (search → book → check-in) or goal (plan → decide → transact → evaluate).",
        "approach action"),
    kw!("for", "for ID, …", "one or more persona ids",
        "The personas (audiences) who travel the journey or meet a touchpoint. A touchpoint's own list replaces the journey's.",
        "for traveler"),
    kw!("scale", "scale MIN..MAX", "a range such as `1..5`",
        "The emotion scale every touchpoint is rated on (default 1..5).",
        "scale 1..5"),
    kw!("owner", "owner ID", "a team id",
        "The team responsible for the journey, stage or touchpoint.",
        "owner marketing"),
    kw!("phase", "phase pre_purchase|usage", "`pre_purchase` or `usage`",
        "Whether the stage happens before the purchase or during use (use, grow, service).",
        "phase pre_purchase"),
    kw!("expects", "expects \"TEXT\"", "a string",
        "What customers expect at this stage.",
        "expects \"A full list of amenities\""),
    kw!("emotion", "emotion N \"FEELING\"? (for ID, …)?", "a whole number on the journey's scale",
        "How the customer feels at the touchpoint, on the journey's scale, optionally with the feeling in a word. `for` rates it for the personas named (each in the touchpoint's audience); without `for` the rating holds for the whole audience. The lowest-rated touchpoints are where to improve first.",
        "emotion 2 \"frustrated\" for buyer"),
    kw!("does", "does \"TEXT\"", "a string",
        "What the customer does at the touchpoint (the customer's actions lane). May repeat.",
        "does \"Compares three quotes in a spreadsheet\""),
    kw!("thinks", "thinks \"TEXT\"", "a string",
        "What goes through the customer's head at the touchpoint. May repeat.",
        "thinks \"Will this fit into our workflow?\""),
    kw!("says", "says \"TEXT\"", "a string",
        "A verbatim quote from research: what customers say at the touchpoint. May repeat.",
        "says \"Nobody told me when the fridge would come\""),
    kw!("backstage", "backstage \"TEXT\" (by TEAM)?", "a string, optionally followed by `by` and a team id",
        "An action behind the touchpoint that the customer does not see (the service blueprint's backstage), with the team that performs it. May repeat.",
        "backstage \"Checks stock in the warehouse\" by logistics"),
    kw!("system", "system \"NAME\"", "a string",
        "A system involved in delivering the touchpoint (CRM, ERP, payment gateway). May repeat.",
        "system \"CRM\""),
    kw!("source", "source \"TEXT\"", "a string",
        "Where the touchpoint's ratings, or a KPI's figures, come from: a survey, interviews, analytics.",
        "source \"Customer interviews, Q3 2026\""),
    kw!("as_of", "as_of YYYY-MM-DD", "a date such as `2026-05-01`",
        "When the touchpoint's ratings, a KPI's figures or a completion (`completed … as_of DATE`) were measured; old measurements are reported as stale.",
        "as_of 2026-05-01"),
    kw!("effort", "effort N", "a whole number from 1 to 7",
        "How much effort the touchpoint costs the customer, 1 (none) to 7 (a lot), as in the Customer Effort Score.",
        "effort 2"),
    kw!("pain", "pain \"TEXT\" { … }?", "a string, optionally followed by `{`",
        "A pain point the customer meets at the touchpoint, with its severity and the opportunity it opens.",
        "pain \"Amenities list is missing\" {\n    severity high\n    opportunity \"Publish an amenities checklist\"\n}"),
    kw!("severity", "severity low|medium|high", "`low`, `medium` or `high`",
        "How badly a pain point hurts. A high-severity pain should come with an opportunity.",
        "severity high"),
    kw!("moment_of_truth", "moment_of_truth \"TEXT\"", "a string",
        "A moment that decides whether the customer stays or leaves; it should not be a low point of the journey.",
        "moment_of_truth \"The stay is confirmed\""),
    kw!("opportunity", "opportunity \"TEXT\"", "a string",
        "An improvement the business could make here.",
        "opportunity \"Publish an amenities checklist\""),
    kw!("next", "next ID, …", "one or more touchpoint ids",
        "The touchpoints the customer moves on to: the flow of the journey.",
        "next booking"),
    kw!("desired", "desired ID \"LABEL\"? { … }?", "a desired action id, an optional label and block",
        "An action the business wants the customer to take, with the completion rate it targets.",
        "desired book_room \"Books a room\" {\n    target 30%\n}"),
    kw!("target", "target VALUE", "a value such as `30%`, `4.5`, `2h` or `1200 PLN`",
        "The goal for a desired action's completion rate (a percentage) or for a KPI.",
        "target 30%"),
    kw!("event", "event \"NAME\"", "a string",
        "The analytics event that records the desired action.",
        "event \"booking_completed\""),
    kw!("completed", "completed ID (N of M | N%) (as_of YYYY-MM-DD)?", "a desired action id, then `N of M` or a percentage",
        "The measured outcome of a desired action: how many customers did it, out of how many, or the rate, optionally with the date it was measured.",
        "completed book_room 1250 of 5000"),
    kw!("promise", "promise ID \"TEXT\"", "a promise id and a string",
        "Something the brand promises the customer; a later stage must keep it.",
        "promise amenities \"Every amenity is listed before you book\""),
    kw!("keeps", "keeps ID", "a promise id",
        "Marks the stage or touchpoint where a promise made earlier is kept.",
        "keeps amenities"),
    kw!("kpi", "kpi ID \"LABEL\"? { … }", "a KPI id, an optional label, then `{`",
        "A key performance indicator of the journey, a stage or a touchpoint: conversion_rate, retention_rate, churn_rate, csat, nps, ces, average_transaction_time, clv, or your own.",
        "kpi csat {\n    target 90%\n    actual 93%\n}"),
    kw!("actual", "actual VALUE", "a value such as `3.2%`, `-12`, `3d` or `49.99 EUR`",
        "The measured value of a KPI.",
        "actual 93%"),
    kw!("direction", "direction higher|lower", "`higher` or `lower`",
        "Whether a higher or a lower KPI value is better.",
        "direction lower"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_statement_keyword_is_documented() {
        for kind in BlockKind::ALL {
            for keyword in kind.statements() {
                assert!(keyword_doc(keyword).is_some(), "{keyword} has no doc");
            }
        }
    }
}
