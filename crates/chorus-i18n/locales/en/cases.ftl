# Cases: the inbox, the case page and the triage setup (teams, routing rules, canned responses, alerts).

## Inbox

cases-inbox = Inbox
cases-active-counts = Active cases
cases-count-mine = { $n ->
    [one] mine
   *[other] mine
}
cases-count-unassigned = { $n ->
    [one] unassigned
   *[other] unassigned
}
cases-count-all = { $n ->
    [one] active in all
   *[other] active in all
}
cases-views = Case views
cases-view-mine = My cases
cases-view-unassigned = Unassigned
cases-view-breaching = Breaching soon
cases-view-all = All active
cases-team-queue = Team queue
cases-all-teams = All teams
cases-state = State
cases-show-queue = Show queue
cases-empty-view = No cases in this view.
cases-older = Older cases
cases-bulk = Change the ticked cases
cases-bulk-action = With the ticked cases
cases-bulk-choose = Choose an action
cases-bulk-assign = Assign to
cases-bulk-team = Move to team
cases-bulk-close = Close: no action needed
cases-bulk-merge = Merge into case
cases-bulk-staff = Staff member
cases-bulk-nobody = Nobody (unassign)
cases-bulk-team-label = Team
cases-bulk-no-team = No team
cases-bulk-into = Case number to merge into
cases-bulk-apply = Apply to the ticked cases
cases-bulk-done = { $n ->
    [one] { $n } case changed.
   *[other] { $n } cases changed.
}
cases-bulk-failed = Case #{ $id }: { $why }.
cases-bulk-none-ticked = Tick at least one case, then choose what to do with the ticked cases.
cases-bulk-no-action = Choose what to do with the ticked cases.
cases-tick = Tick case #{ $id }

## A case in lists and on its page

cases-case-title = Case #{ $id }: { $subject }
cases-opened = opened
cases-team = team { $team }
cases-unassigned = unassigned
cases-held-by = held by { $name }
cases-score-title = Priority score { $score } of 100
cases-why-priority = Why priority { $priority } (score { $score })
cases-escalated-to = Escalated to { $to }
cases-sla-clocks = SLA clocks
cases-clock-first-response = First response
cases-clock-next-response = Next response
cases-clock-resolution = Resolution
cases-clock-label = { $clock }:
cases-clock-status = { $status ->
    [met] met, due
    [breached] breached, due
    [overdue] overdue, due
    [soon] soon, due
   *[running] running, due
}

cases-state-active = Active
cases-state-new = New
cases-state-open = Open
cases-state-pending = Pending
cases-state-resolved = Resolved
cases-state-closed = Closed

cases-priority-urgent = Urgent
cases-priority-high = High
cases-priority-normal = Normal
cases-priority-low = Low

cases-channel-community = Community
cases-channel-mastodon = Mastodon
cases-channel-bluesky = Bluesky
cases-channel-feed = Feed
cases-channel-webhook = Webhook
cases-channel-email = E-mail
cases-channel-import = Import
cases-channel-incident = Incident

cases-sentiment-negative = negative
cases-sentiment-neutral = neutral
cases-sentiment-positive = positive
cases-intent-complaint = complaint
cases-intent-question = question
cases-intent-praise = praise
cases-intent-idea = idea
cases-intent-other = other

## The case page

cases-customer-named = customer { $name }
cases-customer-unnamed = customer
cases-original-message = Original message
cases-sla = SLA
cases-sla-none = No SLA targets apply.
cases-csat = Customer satisfaction:
cases-csat-score = { $score } out of 5
cases-csat-score-comment = { $score } out of 5: “{ $comment }”
cases-csat-sent = Survey sent ({ $via }), not answered yet
cases-csat-sending = Survey being sent
cases-conversation = Conversation
cases-started-here = This case started here:
cases-followers = { $n ->
    [one] follower
   *[other] followers
}
cases-signals = Signals
cases-service-related = service

cases-timeline = Timeline
cases-timeline-empty = Nothing has happened on this case yet.
cases-event-customer = customer message
cases-event-reply = reply
cases-event-note = note
cases-event-assign = assignment
cases-event-state = state change
cases-event-priority = priority change
cases-event-team = team change
cases-event-escalate = escalation
cases-event-sla = SLA alert
cases-delivery = { $state ->
    [queued] delivery queued
    [retrying] delivery retrying
    [sent] delivery sent
    [failed] delivery failed
   *[other] delivery { $state }
}
cases-delivery-attempts = { $n ->
    [one] after { $n } attempt
   *[other] after { $n } attempts
}
cases-delivery-link = View the posted reply
cases-fanout-to = { $n ->
    [one] to { $n } customer:
   *[other] to { $n } customers:
}
cases-fanout-sent = { $n ->
    [one] { $n } sent
   *[other] { $n } sent
}
cases-fanout-waiting = { $n ->
    [one] { $n } on the way
   *[other] { $n } on the way
}
cases-fanout-failed = { $n ->
    [one] { $n } failed
   *[other] { $n } failed
}

cases-reply-everyone = Reply to everyone affected
cases-incident-reach = { $n ->
    [one] The reply goes to the one customer of this incident who can be answered, through the channel they wrote on, answering their latest message.
   *[other] The reply goes to each of the { $n } customers of this incident who can be answered, through the channel they wrote on, answering their latest message.
}
cases-incident-unreachable = { $n ->
    [one] { $n } wrote where Chorus cannot reply: answer them where they posted.
   *[other] { $n } wrote where Chorus cannot reply: answer them where they posted.
}
cases-reply-through = Reply through { $channel }
cases-canned = Canned response
cases-canned-choose = Choose a canned response
cases-canned-insert = Insert into the reply
cases-reply-label = Your reply
cases-reply-send = Send reply

cases-no-reply-heading = Replies
cases-no-reply-feed = This case came from a news feed (RSS, Atom or JSON Feed): Chorus reads feeds but cannot answer on them.
cases-no-reply-webhook = This case came in through a webhook relay: Chorus receives these messages but cannot answer on that channel.
cases-no-reply-import = This case came from imported messages: Chorus cannot answer on the channel they were imported from.
cases-no-reply-channel = { $channel } messages cannot be answered from Chorus.
cases-no-reply-account = This message came in without a connected { $channel } account (an import or the API), so Chorus cannot answer it there.
cases-no-reply-instead = Answer the customer where they posted, then add an internal note here so your colleagues know.
cases-no-reply-incident = { $n ->
    [one] The customer of this incident cannot be answered from Chorus: they wrote on a channel Chorus cannot post to, or came in without a connected account (an import or the API).
   *[other] None of the { $n } customers of this incident can be answered from Chorus: they wrote on a channel Chorus cannot post to, or came in without a connected account (an import or the API).
}
cases-no-reply-incident-instead = Answer them where they posted, then add an internal note here.
cases-no-reply-incident-one-by-one = An incident case answers its customers one by one.
cases-answer-at-source = Answer at the source

cases-note = Internal note
cases-note-label = Note for colleagues (@name notifies them)
cases-note-add = Add note

cases-aside = Case actions and customer
cases-work = Work
cases-claim = Claim this case
cases-assignee = Assignee
cases-assignee-nobody = Nobody
cases-assign = Change assignee
cases-move-to = Move to
cases-move-to-choose = Choose a state
cases-change-state = Change state
cases-priority = Priority
cases-set-priority = Set priority
cases-escalate-note = Escalation note
cases-escalate = Escalate to helpdesk
cases-promote = Turn into a knowledge-base article

cases-customer-heading = Customer { $name }
cases-identity = { $channel }: { $handle }
cases-link-hint = Same person elsewhere? Link the handle to see everything together.
cases-link-channel = Channel
cases-link-channel-choose = Choose a channel
cases-link-handle = Handle
cases-link-submit = Link handle
cases-other-cases = Other cases
cases-none = None.
cases-recent-messages = Recent messages
cases-none-seen = None seen.
cases-record-constructive = Constructive:
cases-record-none-abusive = { $n ->
    [one] the last message was not abusive.
   *[other] none of the last { $n } messages abusive.
}
cases-record-abusive = { $n ->
    [one] The last message was abusive.
   *[other] { $abusive } of the last { $n } messages abusive.
}
cases-abusive = abusive
cases-abusive-open = (hidden: open to read)

## What was done (messages after a form)

cases-flash-claimed = You hold this case now.
cases-flash-unassigned = The case is unassigned.
cases-flash-assigned = Assigned to { $name }.
cases-flash-state = { $state ->
    [new] The case is now new.
    [open] The case is now open.
    [pending] The case is now pending.
    [resolved] The case is now resolved.
    [closed] The case is now closed.
   *[other] The case is now { $state }.
}
cases-flash-priority = { $priority ->
    [urgent] Priority set to urgent.
    [high] Priority set to high.
    [normal] Priority set to normal.
    [low] Priority set to low.
   *[other] Priority set to { $priority }.
}
cases-flash-reply-queued = { $n ->
    [one] Reply queued; its delivery state shows in the timeline.
   *[other] Reply queued for { $n } customers; their deliveries show in the timeline.
}
cases-flash-note-added = Note added.
cases-flash-note-notified = { $n ->
    [one] Note added; notified { $names }.
   *[other] Note added; notified { $names }.
}
cases-flash-escalated = Escalated to { $to }.
cases-flash-no-customer = This case has no customer to link.
cases-flash-linked = { $n ->
    [one] Linked: this customer is known on { $n } channel.
   *[other] Linked: this customer is known on { $n } channels.
}
cases-flash-opened = This mention is a case.

## Triage setup

triage-title = Teams, rules and alerts
triage-managers-only = Only community managers change these settings.
triage-teams = Teams
triage-round-robin = round-robin
triage-manual = manual assignment
triage-no-members = No members yet.
triage-members-of = Members of { $team }
triage-member = Member
triage-active-cases = Active cases
triage-capacity = Capacity
triage-available = Available
triage-yes = yes
triage-no = no
triage-staff-member = Staff member
triage-staff-member-choose = Choose a staff member
triage-save-member = Save member
triage-new-team = New team
triage-assign-round-robin = Assign round-robin
triage-create-team = Create team
triage-no-team = no team

triage-rules = Routing rules
triage-rules-help = The first matching rule routes a case. A mention matching a rule opens a case even when the default criteria (service-related complaints and questions, negative posts from high-reach authors) would not. Lists are comma-separated; empty matches anything.
triage-no-rules = No rules yet.
triage-delete = Delete
triage-delete-rule = rule { $name }
triage-delete-canned = canned response { $name }
triage-delete-alert = alert rule { $name }
triage-new-rule = New routing rule
triage-name = Name
triage-team = Team
triage-keywords = Keywords
triage-channels = Channels
triage-channels-example = mastodon, bluesky
triage-intents = Intents
triage-intents-example = complaint, question
triage-sentiments = Sentiments
triage-sentiments-example = negative
triage-languages = Languages
triage-languages-example = en, de
triage-themes = Theme ids
triage-min-followers = At least followers
triage-priority = Priority
triage-priority-from-score = From the score
triage-tags = Tags
triage-add-rule = Add routing rule
triage-match-keywords = keywords: { $list }
triage-match-channels = channels: { $list }
triage-match-intents = intents: { $list }
triage-match-sentiments = sentiments: { $list }
triage-match-languages = languages: { $list }
triage-match-themes = themes: { $list }
triage-match-followers = { $n ->
    [one] at least { $reach } follower
   *[other] at least { $reach } followers
}
triage-match-spikes = on spikes
triage-match-sla = on SLA breaches
triage-match-everything = everything

triage-canned = Canned responses
triage-none-yet = None yet.
triage-new-canned = New canned response
triage-canned-title = Title
triage-canned-body = Text (link knowledge-base articles here)
triage-add-canned = Add canned response

triage-alerts = Alert rules
triage-alerts-managers = Alert rules are shown to community managers.
triage-new-alert = New alert rule
triage-on-spikes = On theme spikes
triage-on-sla = On SLA breaches
triage-email-to = E-mail to
triage-webhook = Webhook URL (Slack-compatible)
triage-add-alert = Add alert rule
triage-action-email = e-mail { $to }
triage-action-webhook = webhook { $url }
triage-alert-log = Alert log
triage-no-alerts = No alerts yet.
triage-latest-alerts = Latest alerts
triage-when = When
triage-rule = Rule
triage-status = Status
triage-alert = Alert
triage-alert-status-sent = sent
triage-alert-status-suppressed = suppressed

triage-flash-team-created = Team { $name } created.
triage-flash-choose-member = Choose a staff member.
triage-flash-capacity-number = Capacity must be a whole number of cases.
triage-flash-member-saved = Team member saved.
triage-flash-rule-added = Routing rule “{ $name }” added.
triage-flash-rule-deleted = Routing rule deleted.
triage-flash-canned-added = Canned response “{ $name }” added.
triage-flash-canned-deleted = Canned response deleted.
triage-flash-alert-added = Alert rule “{ $name }” added.
triage-flash-alert-deleted = Alert rule deleted.
cases-bulk-choose-assignee = Choose who gets the ticked cases (or “Nobody” to unassign them).
cases-bulk-choose-team = Choose the team for the ticked cases (or “No team”).
