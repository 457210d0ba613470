# Messages of cases refusals and conflicts, written by the service (see chorus_i18n::Text).

## triage/mod.rs
err-cases-incident-one-by-one = an incident case answers its customers one by one
err-cases-channel-cannot-reply = { $channel } messages cannot be answered through their channel; reply where the customer posted and add a note here
err-cases-no-account = this message came in without a connected { $channel } account (an import or the API), so Chorus cannot answer it there; reply where the customer posted and add a note here
err-cases-assignee-filter = must be me, none or a user id
err-cases-unknown-view = unknown view { $value }: expected breaching
err-cases-unknown-sort = unknown order { $value }: expected newest or urgency
err-cases-held-by = { $name } already holds this case
err-cases-held-by-user = user { $id } already holds this case
err-cases-held-by-other = { $name } holds this case; ask them or a manager to hand it on
err-cases-held-by-colleague = a colleague holds this case; ask them or a manager to hand it on
err-cases-no-staff = no such staff member
err-cases-no-team = no such team
err-cases-merge-self = a case cannot be merged into itself
err-cases-merge-closed = closed cases cannot be merged; reopen them first
err-cases-merge-incident = incident cases are not merged: a reply from one goes to each of its customers; close the other case instead
err-cases-cases-changed = the cases changed meanwhile; reload and try again
err-cases-state-move = a { $from } case cannot become { $to }
err-cases-case-changed = the case changed meanwhile; reload and try again

## triage/reply.rs
err-cases-body-empty = write something first
err-cases-too-long = at most { $max } characters
err-cases-closed = this case is closed; open a new one to write again
err-cases-incident-unreachable = none of this incident's customers can be answered through their channel ({ $n } wrote where Chorus cannot reply); answer them where they posted and add a note here
err-cases-no-escalation = no escalation target is configured (triage.escalation_webhook_url or triage.escalation_email)

## triage/bulk.rs
err-cases-merge-into = choose the case to merge into
err-cases-unknown-action = unknown action { $value }: expected assign, team, close or merge
err-cases-choose-cases = choose at least one case
err-cases-bulk-max = at most { $max } cases at once
err-cases-already-closed = already closed

## triage/customers.rs
err-cases-handle = give the handle as it appears on that channel

## triage/setup.rs
err-cases-name-empty = give it a name
err-cases-team-exists = a team with this name exists
err-cases-capacity = must be between 1 and 1000
err-cases-no-such-team = there is no team { $id }
err-cases-rule-team = choose the team this rule routes to
err-cases-tags = at most 10 tags of 40 characters

## triage/csat.rs
err-cases-csat-score = Choose from 1 (very unhappy) to 5 (very happy).
err-cases-csat-comment = Use at most 2,000 characters.
err-cases-csat-answered = this survey was answered already; thank you
err-cases-csat-expired = this survey link has expired

## triage/worker/mod.rs
err-cases-triage-busy = another instance is running triage on this database; stop it or let it finish

## triage/worker/placing.rs
err-cases-incident-vanished = the incident case vanished
