# Records the hub keeps in English (case reasons, priority explanations, timeline entries,
# moderation signals, audit actions), written in the reader's language when shown.

## Why a case was opened
rec-opened-rule = rule “{ $rule }”
rec-reason-complaint = service-related complaint
rec-reason-question = service-related question
rec-reason-negative-addressed = negative mention addressed to us
rec-reason-addressed = service-related mention addressed to us
rec-reason-high-reach = negative mention from a high-reach author
rec-reason-unanswered = unanswered community question
rec-reason-strongly-negative = strongly negative complaint
rec-reason-manual = manual
rec-reason-incident = incident
rec-reason-rule = rule

## Priority explanations
rec-pe-incident = an incident: a theme being fixed
rec-pe-set = set to { $level } by { $who } (was { $was }: { $before })
rec-pe-follow-up = raised to { $level } by a follow-up ({ $why }) · was { $was }: { $before }
rec-pe-factor = { $name } ×{ $weight } ({ $detail })
rec-pe-reach = reach
rec-pe-negativity = negativity
rec-pe-urgency = urgency
rec-pe-history = history
rec-pe-score = score { $score } of 100 → { $level }
rec-pe-rule = rule “{ $rule }” sets { $level }
rec-pe-moderation = raised to { $level } by moderation ({ $why })
rec-pe-followers = { $n ->
       *[other] { $n } followers
    }
rec-pe-negative = negative, strength { $strength }
rec-pe-first-case = first case
rec-pe-earlier-cases = { $n ->
        [one] { $n } earlier case
       *[other] { $n } earlier cases
    }
rec-pe-urgent-words = { $intent }; says { $words }

## Timeline entries
rec-ev-claimed = claimed
rec-ev-unassigned = unassigned
rec-ev-assigned = assigned to { $who }
rec-ev-round-robin = assigned round-robin to user { $user }
rec-ev-state = { $from } → { $to }
rec-ev-merged-into = merged into case #{ $case }
rec-ev-merged-from = case #{ $case } merged into this one
rec-ev-priority = priority set to { $level }
rec-ev-team = moved to team { $team }
rec-ev-team-removed = removed from its team
rec-ev-sla-soon = an SLA target is due soon
rec-ev-sla-first-response = first response SLA breached
rec-ev-sla-next-response = next response SLA breached
rec-ev-sla-resolution = resolution SLA breached
rec-ev-closed-no-action = closed: no action needed
rec-ev-escalated = escalated to { $to }
rec-ev-escalated-note = escalated to { $to }: { $note }

## Moderation signals
rec-mod-filter-hold = filter (hold): { $words }
rec-mod-filter-flag = filter (flag): { $words }
rec-mod-filter-block = filter (block): { $words }
rec-mod-abusive = abusive (toxicity { $toxicity }, offensive { $offensive }, hate { $hate })
rec-mod-spam-links = spam: { $links } links in { $words } words
rec-mod-spam-duplicates = spam: { $n } near-duplicates of this post
rec-mod-spam-burst = spam: new member, { $n } posts in 10 minutes
rec-mod-flagged = flagged: { $reason }
rec-mod-flags = { $n ->
        [one] { $n } flag
       *[other] { $n } flags
    }
rec-mod-silenced = { $n } days, until { $until }

## Audit log
rec-audit-user-created = account created
rec-audit-user-signed-up = signed up
rec-audit-user-identity-linked = sign-in linked
rec-audit-user-password-reset = password reset
rec-audit-user-role-changed = role changed
rec-audit-user-suspended = suspended
rec-audit-user-reinstated = reinstated
rec-audit-topic-deleted = topic deleted
rec-audit-article-draft = article back to draft
rec-audit-article-published = article published
rec-audit-article-archived = article archived
rec-audit-target-user = user
rec-audit-target-topic = topic
rec-audit-target-article = article

## What a moderator's action tells its author
rec-notice-action = { $action }: { $reason }
rec-notice-action-detail = { $action } ({ $detail }): { $reason }
rec-notice-unsilenced = You can post again: { $reason }
rec-reason-reviewed = Reviewed: fine to publish.

## Text the hub writes into articles, topics and cases (in the hub's language)
gen-question = Question
gen-answer = Answer
gen-from-topic = From the community topic [{ $title }](/t/{ $id }), answered by { $author }.
gen-from-case = From case #{ $id }.
gen-town-hall-intro = Questions and answers from the town hall “{ $title }” of { $date }.
gen-answered-by = Answered by { $name }.
gen-the-team = the team
gen-town-hall-title = { $title }: questions and answers
gen-praise-title = “{ $excerpt }” — { $author } on { $channel }
gen-praise-by = { $author } on { $channel }
gen-original = original
gen-praise-permission = Shared with the author's permission.
gen-incident-subject = Incident: { $theme }
gen-incident-body = Theme “{ $theme }” is being fixed; its mentions are grouped here instead of opening a case each.
gen-incident-suggested = Suggested reply: { $reply }
gen-incident-reply = We know about the problem with { $theme } and are working on a fix. We will post here when it is solved.
gen-incident-reply-note = We know about the problem with { $theme } and are working on a fix: { $note }
