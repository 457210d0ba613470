# Messages of engagement refusals and conflicts, written by the service (see chorus_i18n::Text).

## engagement/mod.rs
err-engage-praise-target = Give either a mention_id or a topic_id.
err-engage-praise-taken = someone already acted on this; reload the queue
err-engage-praise-empty = Write something first.
# Also for town halls and moderation; $max is grouped (5,000) unless given as text.
err-engage-too-long = Use at most { $max } characters.
err-engage-praise-cannot-post = Chorus cannot post on { $channel } for this mention (it came in without a connected account); thank them where they posted
err-engage-invite-empty = Write what the program offers and how to join.
err-engage-invite-again = { $name } was invited already

## engagement/town_halls.rs
err-engage-event-no-time = Give a date and time.
# $value is what was typed, in quotes.
err-engage-event-bad-time = { $value } is not a time like 2026-12-10T15:00 (UTC) or an RFC 3339 time
err-engage-event-title = Use 3 to 150 characters.
err-engage-event-order = The end must be after the start.
err-engage-event-too-long = A town hall lasts at most 7 days.
err-engage-event-hosts-max = At most 10 hosts.
# $id is a user id.
err-engage-event-host-not-staff = User { $id } is not a staff member.
err-engage-event-ended-archive = this town hall has ended; its questions are an archive now
err-engage-event-question-short = Ask in at least 5 characters.
err-engage-event-blocked = This question cannot be posted: it contains words this community does not allow.
err-engage-event-ended = this town hall has ended
err-engage-event-answer-empty = Write the answer first.
err-engage-event-merged = this question was merged into another; answer that one
err-engage-event-merge-into = Choose another question of this town hall that is not merged itself.
# $value is what was sent, in quotes; visible and hidden are the values accepted.
err-engage-event-visibility = { $value } must be visible or hidden

## moderation/mod.rs
err-engage-mod-reason-missing = Give a reason: the author and the public log see it.
# $resolution is the action that settled it (approve, edit, hide, delete) or resolved.
err-engage-mod-settled = This item was already settled ({ $resolution }).
err-engage-mod-staff = Staff accounts are managed by administrators, not through the queue.
err-engage-mod-days = Silence for 1 to 365 days.
err-engage-mod-settled-first = Another moderator settled this item first.
err-engage-mod-flag-target = Flag a `topic` or a `reply`.
err-engage-mod-flag-note = Say what is wrong with it.
err-engage-mod-own-post = You cannot flag your own post; edit or delete it instead.

## moderation/settings.rs
err-engage-mod-filter-action = Choose an action.
# $pattern is the filter's words, in quotes.
err-engage-mod-filter-exists = There is already a filter for { $pattern }.
