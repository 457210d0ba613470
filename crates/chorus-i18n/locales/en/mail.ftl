# E-mail: every message the hub sends, in the recipient's language (alerts, digests and
# escalations to addresses of no member: in the hub's language).

mail-hello = Hello { $name },
mail-hello-anonymous = Hello,

## Password reset and change

mail-reset-subject = Reset your { $hub } password
mail-reset-body =
    Someone (hopefully you) asked to reset the password of your { $hub } account.
    Open this link within { $n ->
        [one] { $n } minute
       *[other] { $n } minutes
    } to choose a new password:
mail-reset-ignore = If you did not ask for this, ignore this message: your password stays as it is.
mail-password-changed-subject = Your { $hub } password was changed
mail-password-changed-body =
    The password of your { $hub } account was just changed and every session was signed out.
    If this was not you, reset your password at { $link } right away.

## A guest's question

mail-guest-subject = Publish your question on { $hub }
mail-guest-body = Someone (hopefully you) asked a question on { $hub } with this address. Open this link within { $n ->
        [one] { $n } hour
       *[other] { $n } hours
    } to see it and publish it:
mail-guest-ignore = If you did not ask anything, ignore this message: nothing is published.

## Community notifications

mail-notify-reply-own-subject = New reply to “{ $title }”
mail-notify-reply-own = { $actor } replied to your topic “{ $title }”.
mail-notify-reply-followed-subject = New reply in “{ $title }”
mail-notify-reply-followed = { $actor } replied in “{ $title }”, which you follow.
mail-notify-accepted-subject = Your answer was accepted: “{ $title }”
mail-notify-accepted = { $actor } accepted your answer in “{ $title }”. Thank you for helping!
mail-notify-status-subject = “{ $title }” is now { $status }
mail-notify-status = The idea “{ $title }” is now { $status }.
mail-notify-footer = You get this e-mail from { $hub }. Choose which e-mails you get at { $link }
mail-idea-status-open = Open
mail-idea-status-under-review = Under review
mail-idea-status-planned = Planned
mail-idea-status-started = Started
mail-idea-status-done = Done
mail-idea-status-declined = Declined
mail-idea-status-duplicate = Duplicate

## Town hall reminders

mail-town-hall-subject = Starting soon: { $title }
mail-town-hall-body = “{ $title }” on { $hub } starts at { $time }. Ask and vote questions, and follow the answers live:
mail-town-hall-why = You get this because you follow the event; unfollow it on its page.

## Advocate invitations

mail-invite-subject = An invitation from { $hub }
mail-invite-signature = — { $actor } for { $hub }

## Satisfaction surveys

mail-csat-subject = How did we do? “{ $subject }”
mail-csat-body = We marked your request “{ $subject }” as resolved. How satisfied are you with the help you got from { $hub }? One click, and a comment if you like:
mail-csat-expiry = { $n ->
    [one] The link works once, for { $n } day.
   *[other] The link works once, for { $n } days.
}
mail-csat-reply = Glad we could help! How did we do? Rate us from 1 to 5: { $link }

## Webhooks switched off

mail-webhook-off-subject = Webhook switched off: { $receiver }
mail-webhook-off-receiver = its receiver
mail-webhook-off-body =
    Webhook { $id } (to { $receiver }) was switched off because { $n ->
        [one] { $n } delivery in a row failed
       *[other] { $n } deliveries in a row failed
    }.
    Its delivery log says what the receiver answered: { $link }
mail-webhook-off-fix = Switch it back on when the receiver works again ({ $request } with { $json }); then redeliver what it missed from the log.

## The reports digest

mail-digest-subject-daily = { $hub } daily digest: { $mentions ->
        [one] { $mentions } mention
       *[other] { $mentions } mentions
    }, { $cases ->
        [one] { $cases } case
       *[other] { $cases } cases
    }
mail-digest-subject-weekly = { $hub } weekly digest: { $mentions ->
        [one] { $mentions } mention
       *[other] { $mentions } mentions
    }, { $cases ->
        [one] { $cases } case
       *[other] { $cases } cases
    }
mail-digest-preview = {"["}preview] { $subject }
mail-digest-title = { $hub }: what customers said from { $from } to { $to }
mail-digest-mentions = Mentions: { $mentions } (reach { $reach })
mail-digest-sentiment = Sentiment: { $negative } negative, { $neutral } neutral, { $positive } positive
mail-digest-cases = Cases: { $opened } opened, first response median { $first }, resolution median { $resolution }, SLA met { $sla }
mail-digest-no-responses = no responses yet
mail-digest-none-resolved = none resolved yet
mail-digest-no-cases-due = no cases due yet
mail-digest-minutes = { $value } min
mail-digest-hours = { $value } h
mail-digest-percent = { $value }%
mail-digest-community = Community: { $n ->
        [one] { $n } topic
       *[other] { $n } topics
    }, peer answers { $peer }
mail-digest-no-answers = no answers yet
mail-digest-deflection = Deflection: { $rate }
mail-digest-cost = Cost per issue: { $cost }
mail-digest-money = { $amount } { $currency }
mail-digest-no-issues = no issues handled yet
mail-digest-themes = Top themes:
mail-digest-theme = { $theme } — { $n ->
        [one] { $n } mention
       *[other] { $n } mentions
    } ({ $change })
mail-digest-theme-rising = { $theme } — { $n ->
        [one] { $n } mention
       *[other] { $n } mentions
    } ({ $change }), rising
mail-digest-theme-new = new
mail-digest-dashboard = The dashboard: { $link }

## Escalations to the helpdesk

mail-escalation-subject = {"["}{ $hub }] Escalated case #{ $id }: { $subject }
mail-escalation-intro = { $actor } escalated this case.
mail-escalation-facts =
    Priority: { $priority }
    Customer: { $customer }
    Source: { $source }
    Link: { $link }
mail-transcript-title = Case #{ $id } — { $subject }
mail-transcript-facts = Channel: { $channel }  Priority: { $priority }  State: { $state }
mail-transcript-customer = customer
mail-priority-urgent = urgent
mail-priority-high = high
mail-priority-normal = normal
mail-priority-low = low
mail-case-state-new = new
mail-case-state-open = open
mail-case-state-pending = pending
mail-case-state-resolved = resolved
mail-case-state-closed = closed

## Alerts (to the team's addresses and chat, and the alert log)

mail-alert-spike-title = { $rule }: spike in { $what }
mail-alert-spike-all = all mentions
mail-alert-spike-theme = theme “{ $theme }”
mail-alert-spike-body = { $what }: { $n ->
        [one] { $n } mention
       *[other] { $n } mentions
    } in the hour from { $hour } UTC, { $ratio }× the baseline of about { $expected } for that hour of the day ({ $z } standard deviations above it).
mail-alert-spike-body-far = { $what }: { $n ->
        [one] { $n } mention
       *[other] { $n } mentions
    } in the hour from { $hour } UTC, far above the baseline of about { $expected } for that hour of the day ({ $z } standard deviations above it).
mail-alert-spike-channels = By channel: { $channels }. Negative: { $negative } of { $total }.
mail-alert-sla-title = { $rule }: case #{ $id } breached its { $target } target
mail-alert-sla-body = { $subject } ({ $priority } priority, { $channel }, team { $team })
mail-alert-sla-no-team = none
mail-sla-target-first-response = first response
mail-sla-target-next-response = next response
mail-sla-target-resolution = resolution
mail-alert-mention-title = { $rule } — { $author } on { $channel }
mail-alert-mention-body = { $author } ({ $n ->
        [one] { $n } follower
       *[other] { $n } followers
    }, { $sentiment }, { $intent }):
mail-sentiment-negative = negative
mail-sentiment-neutral = neutral
mail-sentiment-positive = positive
mail-intent-complaint = complaint
mail-intent-question = question
mail-intent-praise = praise
mail-intent-idea = idea
mail-intent-other = other
