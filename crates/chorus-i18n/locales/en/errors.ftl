# Refusals and conflicts written by the service and the web layer (see chorus_i18n::Text).

# Text the hub did not write (a parser's complaint, what someone typed), shown as it is.
text-verbatim = { $text }
err-limit-range = must be between 1 and { $max }
err-lease-moved = this instance no longer holds the { $lease } lease; another does
err-not-a-date = { $value } is not a date (2026-11-22) or an RFC 3339 time
err-unknown-name = unknown { $what } { $value }: expected one of { $expected }
err-unknown-role = unknown role { $value }: expected member, agent, manager or admin

## What a refused request says (the API capitalises the first letter)
err-fields = Some fields need attention.
err-unauthenticated = authentication required
err-invalid-credentials = wrong e-mail address or password
err-suspended = this account is suspended
err-forbidden = you do not have permission to do this
err-not-found = { $what } not found
err-rate-limited = too many attempts; try again in { $secs } s
err-silenced = a moderator has paused your posting until { $until }
err-internal = Something went wrong on our side. It has been logged.

## Error pages
error-page-not-found = We could not find that page. It may have moved or never existed.
error-page-forbidden = Your account does not have access to this page.
error-page-too-large = What you sent is too large.
error-page-not-a-form = This form must be sent as a regular form.
error-page-unreadable-form = The form could not be read: { $detail }
error-page-cross-site = This request came from another site, so it was refused to protect your account. Go back, reload the page and try again.
error-page-method = This address does not accept that kind of request.
error-page-timeout = That took too long. Please try again.
error-page-unhandled = The request could not be handled.

## Refusals of the web layer and the API
err-web-not-an-id = { $value } is not an id
err-web-export-unknown = { $report } must be one of { $expected }
err-web-oembed-format = use json
err-web-flag-state = { $value } must be open or resolved
err-web-deflection-event = use shown, opened, solved or posted
err-web-deflection-target = use topic or article
err-web-case-source = give either mention_id or topic_id
err-web-not-a-theme = { $value } is not a theme id
err-web-whole-number = must be a whole number

## Form fields, named in front of a refusal that needs its field ("Minimum followers: must be a whole number")
field-conditions-channels = Channels
field-conditions-intents = Intents
field-conditions-sentiments = Sentiments
field-conditions-min-followers = Minimum followers
field-conditions-keywords = Keywords
field-conditions-languages = Languages
field-conditions-themes = Themes
field-team-id = Team
field-name = Name
field-title = Title
field-body = Text
field-actions = Actions
field-channel = Channel
field-state = State
field-priority = Priority
field-note = Note
field-assignee = Assignee
field-level = Trust level
field-mention-ids = Mentions
field-mention-id = Mention
field-topic-id = Topic
field-status = Status
field-reason = Reason
field-limit = Page size
field-pattern = Pattern
field-action = Action
field-email = E-mail address
field-into = Merge into
field-user-id = Member
field-category = Category
field-description = Description
field-starts-at = Start
field-ends-at = End
field-product = Product
field-query = Query
field-role = Role
error-page-bad-address = Part of this address could not be read. Check the link, or go back and try again.
