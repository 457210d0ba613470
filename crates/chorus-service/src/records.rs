//! Records the hub keeps in English, written in the reader's language when shown (pages, and
//! the escalation transcript).
//!
//! A case's "opened by" reason and priority explanation, its timeline's system entries, a held
//! post's moderation signals and the audit log's action codes are stored as the service wrote
//! them: stable English that the API returns as it is and that rows written by earlier
//! versions already hold. Pages read them through this module, which recognises each shape
//! the service writes (built from the same generators in the tests, so a change of wording
//! there fails here) and writes it with the catalogue. Anything it does not recognise (a
//! staff note, a rule's name, a future shape) is shown as stored: never lost, at worst
//! English.

use chorus_core::moderation::ModAction;
use chorus_i18n::{Arg, Text, Tr};

/// Why a case was opened: the triage worker's reason, a rule, or a person.
pub fn opened_by(tr: Tr, stored: &str) -> String {
    if let Some(rule) = stored
        .strip_prefix("rule “")
        .and_then(|r| r.strip_suffix('”'))
    {
        return tr.v("rec-opened-rule", "rule", &rule);
    }
    match reason_id(stored) {
        Some(id) => tr.t(id),
        None => stored.to_owned(),
    }
}

/// The catalogue id of a reason the triage worker and moderation write.
fn reason_id(stored: &str) -> Option<&'static str> {
    Some(match stored {
        "service-related complaint" => "rec-reason-complaint",
        "service-related question" => "rec-reason-question",
        "negative mention addressed to us" => "rec-reason-negative-addressed",
        "service-related mention addressed to us" => "rec-reason-addressed",
        "negative mention from a high-reach author" => "rec-reason-high-reach",
        "unanswered community question" => "rec-reason-unanswered",
        "strongly negative complaint" => "rec-reason-strongly-negative",
        "manual" => "rec-reason-manual",
        "incident" => "rec-reason-incident",
        "rule" => "rec-reason-rule",
        _ => return None,
    })
}

/// A case's priority explanation: the factors of its score, and who or what changed it since.
pub fn priority_explanation(tr: Tr, stored: &str) -> String {
    if stored == "an incident: a theme being fixed" {
        return tr.t("rec-pe-incident");
    }
    // "set to high by Ana (was normal: …)", by a person.
    if let Some(rest) = stored.strip_prefix("set to ")
        && let Some((level, rest)) = rest.split_once(" by ")
        && let Some((who, rest)) = rest.split_once(" (was ")
        && let Some(rest) = rest.strip_suffix(')')
        && let Some((was, before)) = rest.split_once(": ")
    {
        return tr.args(
            "rec-pe-set",
            &[
                ("level", Arg::from(level_label(tr, level))),
                ("who", Arg::from(who)),
                ("was", Arg::from(level_label(tr, was))),
                ("before", Arg::from(priority_explanation(tr, before))),
            ],
        );
    }
    // "raised to high by a follow-up (…) · was normal: …".
    if let Some(rest) = stored.strip_prefix("raised to ")
        && let Some((level, rest)) = rest.split_once(" by a follow-up (")
        && let Some((why, rest)) = rest.split_once(") · was ")
        && let Some((was, before)) = rest.split_once(": ")
    {
        return tr.args(
            "rec-pe-follow-up",
            &[
                ("level", Arg::from(level_label(tr, level))),
                ("why", Arg::from(priority_explanation(tr, why))),
                ("was", Arg::from(level_label(tr, was))),
                ("before", Arg::from(priority_explanation(tr, before))),
            ],
        );
    }
    parts(stored)
        .into_iter()
        .map(|part| factor(tr, part))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The parts of an explanation, split on " · " outside “…” (a rule's name may hold one).
fn parts(stored: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in stored.char_indices() {
        match c {
            '“' => depth += 1,
            '”' => depth = depth.saturating_sub(1),
            '·' if depth == 0
                && stored[..i].ends_with(' ')
                && stored[i + c.len_utf8()..].starts_with(' ') =>
            {
                out.push(&stored[start..i - 1]);
                start = i + c.len_utf8() + 1;
            }
            _ => {}
        }
    }
    out.push(&stored[start..]);
    out
}

/// One part of a score's explanation.
fn factor(tr: Tr, part: &str) -> String {
    // "reach ×1.50 (120 followers)"
    if let Some((name, rest)) = part.split_once(" ×")
        && let Some((weight, detail)) = rest.split_once(" (")
        && let Some(detail) = detail.strip_suffix(')')
        && matches!(name, "reach" | "negativity" | "urgency" | "history")
    {
        return tr.args(
            "rec-pe-factor",
            &[
                ("name", Arg::from(tr.t(&format!("rec-pe-{name}")))),
                ("weight", Arg::from(decimal(tr, weight))),
                ("detail", Arg::from(factor_detail(tr, detail))),
            ],
        );
    }
    // "score 45 of 100 → high"
    if let Some(rest) = part.strip_prefix("score ")
        && let Some((score, level)) = rest.split_once(" of 100 → ")
    {
        return tr.args(
            "rec-pe-score",
            &[
                ("score", Arg::from(score)),
                ("level", Arg::from(level_label(tr, level))),
            ],
        );
    }
    // "rule “Billing” sets urgent"
    if let Some(rest) = part.strip_prefix("rule “")
        && let Some((rule, level)) = rest.split_once("” sets ")
    {
        return tr.args(
            "rec-pe-rule",
            &[
                ("rule", Arg::from(rule)),
                ("level", Arg::from(level_label(tr, level))),
            ],
        );
    }
    // "raised to high by moderation (strongly negative complaint)"
    if let Some(rest) = part.strip_prefix("raised to ")
        && let Some((level, why)) = rest.split_once(" by moderation (")
        && let Some(why) = why.strip_suffix(')')
    {
        return tr.args(
            "rec-pe-moderation",
            &[
                ("level", Arg::from(level_label(tr, level))),
                ("why", Arg::from(opened_by(tr, why))),
            ],
        );
    }
    part.to_owned()
}

/// What a factor is based on: followers, tone, intent and urgent words, earlier cases.
fn factor_detail(tr: Tr, detail: &str) -> String {
    if let Some(n) = detail.strip_suffix(" followers")
        && let Ok(n) = n.parse::<i64>()
    {
        return tr.n("rec-pe-followers", n);
    }
    if let Some(strength) = detail.strip_prefix("negative, strength ") {
        return tr.v("rec-pe-negative", "strength", &decimal(tr, strength));
    }
    match detail {
        "neutral" | "positive" => return tr.t(&format!("listen-sentiment-{detail}")),
        "first case" => return tr.t("rec-pe-first-case"),
        _ => {}
    }
    if let Some(n) = detail
        .strip_suffix(" earlier cases")
        .or_else(|| detail.strip_suffix(" earlier case"))
        && let Ok(n) = n.parse::<i64>()
    {
        return tr.n("rec-pe-earlier-cases", n);
    }
    // "complaint; says refund, lost"
    let (intent, words) = match detail.split_once("; says ") {
        Some((i, w)) => (i, Some(w)),
        None => (detail, None),
    };
    let id = format!("listen-intent-{intent}");
    if !chorus_i18n::has_message(&id) {
        return detail.to_owned();
    }
    match words {
        Some(w) => tr.args(
            "rec-pe-urgent-words",
            &[("intent", Arg::from(tr.t(&id))), ("words", Arg::from(w))],
        ),
        None => tr.t(&id),
    }
}

/// A priority level's name, or the stored word when it is not one.
fn level_label(tr: Tr, level: &str) -> String {
    tr.known(&format!("cases-priority-{level}"))
        .map_or_else(|| level.to_owned(), |l| l.to_lowercase())
}

/// A stored decimal ("1.50") with the reader's decimal mark.
fn decimal(tr: Tr, stored: &str) -> String {
    stored.replace('.', &tr.decimal_mark().to_string())
}

/// A timeline entry the hub wrote (an assignment, a state change, an SLA alert); people's
/// messages and notes are shown as they are.
pub fn case_event(tr: Tr, kind: &str, body: &str) -> String {
    match (kind, body) {
        ("assign", "claimed") => return tr.t("rec-ev-claimed"),
        ("assign", "unassigned") => return tr.t("rec-ev-unassigned"),
        ("team", "removed from its team") => return tr.t("rec-ev-team-removed"),
        ("sla", "an SLA target is due soon") => return tr.t("rec-ev-sla-soon"),
        ("note", "closed: no action needed") => return tr.t("rec-ev-closed-no-action"),
        _ => {}
    }
    let one = |id: &str, name: &str, value: &str| tr.v(id, name, &value);
    match kind {
        "assign" => {
            if let Some(who) = body.strip_prefix("assigned to ") {
                return one("rec-ev-assigned", "who", who);
            }
            if let Some(user) = body.strip_prefix("assigned round-robin to user ") {
                return one("rec-ev-round-robin", "user", user);
            }
        }
        "state" => {
            if let Some((from, to)) = body.split_once(" → ") {
                return tr.args(
                    "rec-ev-state",
                    &[
                        ("from", Arg::from(state_label(tr, from))),
                        ("to", Arg::from(state_label(tr, to))),
                    ],
                );
            }
            if let Some(into) = body.strip_prefix("merged into case #") {
                return one("rec-ev-merged-into", "case", into);
            }
            if let Some(from) = body
                .strip_prefix("case #")
                .and_then(|b| b.strip_suffix(" merged into this one"))
            {
                return one("rec-ev-merged-from", "case", from);
            }
        }
        "priority" => {
            if let Some(level) = body.strip_prefix("priority set to ") {
                return one("rec-ev-priority", "level", &level_label(tr, level));
            }
        }
        "team" => {
            if let Some(team) = body.strip_prefix("moved to team ") {
                return one("rec-ev-team", "team", team);
            }
        }
        "sla" => {
            if let Some(target) = body.strip_suffix(" SLA breached")
                && let Some(t) = tr.known(&format!("rec-ev-sla-{}", target.replace(' ', "-")))
            {
                return t;
            }
        }
        "escalate" => {
            if let Some(rest) = body.strip_prefix("escalated to ") {
                return match rest.split_once(": ") {
                    Some((to, note)) => tr.args(
                        "rec-ev-escalated-note",
                        &[("to", Arg::from(to)), ("note", Arg::from(note))],
                    ),
                    None => one("rec-ev-escalated", "to", rest),
                };
            }
        }
        _ => {}
    }
    body.to_owned()
}

fn state_label(tr: Tr, state: &str) -> String {
    tr.known(&format!("cases-state-{state}"))
        .unwrap_or_else(|| state.to_owned())
}

/// Why the gate or the members held a post: each signal the moderation queue lists.
pub fn moderation_detail(tr: Tr, stored: &str) -> String {
    stored
        .split("; ")
        .map(|part| signal(tr, part))
        .collect::<Vec<_>>()
        .join("; ")
}

fn signal(tr: Tr, part: &str) -> String {
    let num = |s: &str| s.parse::<i64>().ok();
    // "filter (hold): word, other"
    if let Some(rest) = part.strip_prefix("filter (")
        && let Some((action, words)) = rest.split_once("): ")
    {
        let id = format!("rec-mod-filter-{action}");
        if chorus_i18n::has_message(&id) {
            return tr.v(&id, "words", &words);
        }
    }
    // "abusive (toxicity 0.91, offensive 0.80, hate 0.12)"
    if let Some(rest) = part.strip_prefix("abusive (toxicity ")
        && let Some((toxicity, rest)) = rest.split_once(", offensive ")
        && let Some((offensive, hate)) = rest.split_once(", hate ")
        && let Some(hate) = hate.strip_suffix(')')
    {
        return tr.args(
            "rec-mod-abusive",
            &[
                ("toxicity", Arg::from(decimal(tr, toxicity))),
                ("offensive", Arg::from(decimal(tr, offensive))),
                ("hate", Arg::from(decimal(tr, hate))),
            ],
        );
    }
    // "spam: 5 links in 12 words"
    if let Some(rest) = part.strip_prefix("spam: ")
        && let Some((links, words)) = rest.split_once(" links in ")
        && let (Some(links), Some(words)) = (num(links), words.strip_suffix(" words").and_then(num))
    {
        return tr.args(
            "rec-mod-spam-links",
            &[("links", Arg::from(links)), ("words", Arg::from(words))],
        );
    }
    // "spam: 3 near-duplicates of this post"
    if let Some(n) = part
        .strip_prefix("spam: ")
        .and_then(|r| r.strip_suffix(" near-duplicates of this post"))
        .and_then(num)
    {
        return tr.n("rec-mod-spam-duplicates", n);
    }
    // "spam: new member, 4 posts in 10 minutes"
    if let Some(n) = part
        .strip_prefix("spam: new member, ")
        .and_then(|r| r.strip_suffix(" posts in 10 minutes"))
        .and_then(num)
    {
        return tr.n("rec-mod-spam-burst", n);
    }
    // "flagged: Off-topic" (the reason's English label)
    if let Some(label) = part.strip_prefix("flagged: ") {
        let reason = chorus_core::moderation::FlagReason::ALL
            .iter()
            .copied()
            .find(|r| r.label() == label);
        if let Some(r) = reason {
            let name = tr.t(&format!("mod-flag-reason-{}", r.as_str().replace('_', "-")));
            return tr.v("rec-mod-flagged", "reason", &name);
        }
    }
    // "7 days, until 2026-12-14T10:00:00Z" (a silence)
    if let Some((days, until)) = part.split_once(" days, until ")
        && let (Some(days), Some(until)) = (num(days), chorus_core::Timestamp::parse_rfc3339(until))
    {
        return tr.args(
            "rec-mod-silenced",
            &[
                ("n", Arg::from(days)),
                ("until", Arg::from(tr.datetime(until.0))),
            ],
        );
    }
    // "3 flags"
    if let Some(n) = part.strip_suffix(" flags").and_then(num) {
        return tr.n("rec-mod-flags", n);
    }
    part.to_owned()
}

/// The reason the moderation log and the author's notice give when a moderator approves
/// without writing one.
pub const REVIEWED: &str = "Reviewed: fine to publish.";

/// What a moderator's action told its author ("Warn the author: …", "You can post again:
/// …"), as a message for any language; what it does not recognise is kept as written.
pub fn moderation_notice(stored: &str) -> Text {
    let reason = |r: &str| {
        if r == REVIEWED {
            Text::new("rec-reason-reviewed")
        } else {
            Text::verbatim(r)
        }
    };
    if let Some(r) = stored.strip_prefix("You can post again: ") {
        return Text::new("rec-notice-unsilenced").arg_text("reason", reason(r));
    }
    for action in ModAction::ALL.iter().copied() {
        let Some(rest) = stored.strip_prefix(action.label()) else {
            continue;
        };
        if let Some(r) = rest.strip_prefix(": ") {
            return Text::new("rec-notice-action")
                .arg_text("action", Text::new(action_id(action)))
                .arg_text("reason", reason(r));
        }
        // "Silence the author (7 days, until 2026-12-14T10:00:00Z): …"
        if let Some((detail, r)) = rest.strip_prefix(" (").and_then(|d| d.split_once("): ")) {
            let detail = match detail
                .split_once(" days, until ")
                .and_then(|(n, until)| Some((n.parse::<i64>().ok()?, until)))
            {
                Some((n, until)) => Text::new("rec-mod-silenced")
                    .arg("n", n)
                    .arg("until", until),
                None => Text::verbatim(detail),
            };
            return Text::new("rec-notice-action-detail")
                .arg_text("action", Text::new(action_id(action)))
                .arg_text("detail", detail)
                .arg_text("reason", reason(r));
        }
    }
    Text::verbatim(stored)
}

fn action_id(action: ModAction) -> &'static str {
    match action {
        ModAction::Approve => "mod-action-approve",
        ModAction::Edit => "mod-action-edit",
        ModAction::Hide => "mod-action-hide",
        ModAction::Delete => "mod-action-delete",
        ModAction::Warn => "mod-action-warn",
        ModAction::Silence => "mod-action-silence",
        ModAction::Suspend => "mod-action-suspend",
    }
}

/// An audit log action (`user.suspended`) in words, or the code when it has none.
pub fn audit_action(tr: Tr, code: &str) -> String {
    tr.known(&format!("rec-audit-{}", code.replace(['.', '_'], "-")))
        .unwrap_or_else(|| code.to_owned())
}

/// What an audit entry is about (`user`, `topic`, `article`) in words.
pub fn audit_target(tr: Tr, kind: &str) -> String {
    tr.known(&format!("rec-audit-target-{kind}"))
        .unwrap_or_else(|| kind.to_owned())
}

#[cfg(test)]
mod tests;
