# Account: logging in, signing up, password reset, the account page, profiles and notifications.

## Logging in

account-login-title = Log in
account-login-providers = Sign in with
account-login-with = Sign in with { $provider }
account-login-or = Or log in with your e-mail address and password:
account-field-email = E-mail address
account-field-password = Password
account-login-submit = Log in
account-login-forgot = Forgot your password?
account-login-new = New here?
account-login-create = Create an account
account-login-off = Logging in with a password is turned off and no sign-in provider is configured. Ask the hub's administrator.
account-login-enter-email = Enter your e-mail address.
account-login-enter-password = Enter your password.
account-login-mismatch = That e-mail address and password do not match an account.
account-login-password-off = Logging in with a password is turned off on this hub. Use a sign-in button.
account-login-too-many = { $n ->
    [one] Too many failed attempts. Wait { $n } second, then try again.
   *[other] Too many failed attempts. Wait { $n } seconds, then try again.
}
account-suspended = This account is suspended. Contact the community team if you think this is a mistake.
account-welcome-new = Welcome, { $name }! Your account is ready.
account-welcome-back = Welcome back, { $name }.
account-logged-out = You are logged out.

## Sign-in providers

account-oidc-unknown = There is no such sign-in provider.
account-oidc-unreachable = The sign-in provider could not be reached. Try again in a moment.
account-oidc-denied = The sign-in provider did not sign you in: { $detail }
account-oidc-expired = This sign-in expired or was started in another browser. Start again.
account-oidc-invalid = The sign-in provider's answer could not be verified, so you were not signed in.
account-oidc-unverified = The sign-in provider did not confirm your e-mail address, so it cannot be matched to an account. Verify it there, then try again.
account-oidc-no-account = There is no account for { $email }. Ask a community manager to create one.
account-oidc-too-many = { $n ->
    [one] Too many sign-ins from your address. Wait { $n } second.
   *[other] Too many sign-ins from your address. Wait { $n } seconds.
}
account-oidc-failed = Something went wrong on our side. Try again.

## Signing up

account-signup-title = Sign up
account-signup-heading = Create your account
account-field-name = Your name
account-field-name-hint = Shown next to what you post.
account-field-password-hint = At least 10 characters.
account-signup-submit = Create account
account-signup-have-account = Already have an account?
account-signup-login = Log in

## Password reset

account-reset-title = Reset your password
account-reset-intro = Enter the address of your account and we will e-mail you a link.
account-reset-submit = Send reset link
account-reset-sent = { $n ->
    [one] If an account uses { $email }, we have sent it a link to choose a new password. The link works for { $n } minute.
   *[other] If an account uses { $email }, we have sent it a link to choose a new password. The link works for { $n } minutes.
}
account-reset-back = Back to log in
account-reset-too-many = { $n ->
    [one] Too many reset requests. Try again in { $n } minute.
   *[other] Too many reset requests. Try again in { $n } minutes.
}
account-newpw-title = Choose a new password
account-field-new-password = New password
account-newpw-submit = Save password
account-newpw-expired = This link has expired or was already used.
account-newpw-again = Ask for a new link
account-newpw-done = Your password was changed and you are logged in.

## The account page

account-title = Your account
account-profile = Profile
account-name = Name
account-role = Role
account-member-since = Member since
account-password-heading = Change password
account-field-current-password = Current password
account-field-new-password-hint = At least 10 characters. You will be signed out everywhere.
account-password-submit = Change password
account-password-changed = Password changed. Other devices were signed out.
account-language = Language
account-language-intro = Pages and e-mails from this hub are written in the language you choose here.
account-language-label = Show pages and e-mails in
account-language-browser = Follow my browser
account-language-save = Save language
account-language-saved = Pages and e-mails are now in English.
account-language-follows = Pages and e-mails now follow your browser's language.
account-language-invalid = Choose one of the languages offered.
account-tokens = API tokens
account-tokens-intro = Tokens let programs use the Chorus API as you. A program sends its token in this header:
account-tokens-api = Read the description of the Chorus API (OpenAPI)
account-token-created = Token “{ $name }” created.
account-token-copy = Copy it now: it will not be shown again.
account-token-name = Token name
account-token-name-example = e.g. CI export
account-token-create = Create token
account-tokens-caption = Your tokens
account-token-prefix = Starts with
account-token-created-at = Created
account-token-last-used = Last used
account-token-status = Status
account-token-revoked = Revoked
account-token-revoke = Revoke
account-token-revoke-named = Revoke token { $name }
account-token-never = Never
account-tokens-none = No tokens yet.
account-token-revoked-flash = Token revoked.

## Member profiles

account-profile-member-since = member since { $date }
account-profile-topics = { $n ->
    [one] topic
   *[other] topics
}
account-profile-replies = { $n ->
    [one] reply
   *[other] replies
}
account-profile-accepted = { $n ->
    [one] accepted answer
   *[other] accepted answers
}
account-profile-record = Record (staff only)
account-profile-trust-is = Trust level: { $level }
account-profile-silenced-until = Silenced until { $date }
account-profile-upheld = { $n ->
    [one] { $n } upheld moderator action
   *[other] { $n } upheld moderator actions
}
account-profile-chart = Abusive posts per month
account-profile-months = Posts per month: constructive and abusive
account-profile-month = Month
account-profile-constructive = Constructive
account-profile-abusive = Abusive
account-profile-trust-label = Trust level
account-profile-set-level = Set level
account-profile-reason = Reason
account-profile-lift = Lift the silence
account-profile-accepted-heading = Accepted answers
account-profile-none = None yet.
account-profile-accepted-badge = Accepted
account-profile-official = Official answer
account-profile-topics-heading = Topics
account-profile-replies-heading = Replies
account-trust-new = New member
account-trust-basic = Basic
account-trust-member = Regular
account-trust-trusted = Trusted
account-record-none = No posts yet.
account-record-constructive = { $n ->
    [one] Constructive: { $n } post, none abusive.
   *[other] Constructive: { $n } posts, none abusive.
}
account-record-few = Too few posts to call it a pattern: { $abusive } of { $total } abusive. Read the post itself.
account-record-mostly = Mostly constructive: { $abusive } of { $total } posts abusive ({ $share }%) — likely a frustrated customer.
account-record-often = { $upheld ->
    [one] Often abusive: { $abusive } of { $total } posts ({ $share }%), { $upheld } upheld moderator action — handle as a pattern, not a one-off.
   *[other] Often abusive: { $abusive } of { $total } posts ({ $share }%), { $upheld } upheld moderator actions — handle as a pattern, not a one-off.
}

## Notifications

account-notifications-title = Notifications
account-notifications-read-all = Mark all as read
account-notifications-settings = E-mail settings
account-notifications-empty = Nothing yet. You hear here about replies to your topics and topics you follow, accepted answers and idea status changes.
account-notifications-new = New
account-notifications-older-nav = Older notifications
account-notifications-older = Older
account-notifications-marked = { $n ->
    [one] { $n } marked as read.
   *[other] { $n } marked as read.
}
account-notify-withheld = A post you were notified about is no longer available
account-notify-someone = Someone
account-notify-a-topic = a topic
account-notify-reply-own = { $who } replied to your topic “{ $title }”
account-notify-reply-followed = { $who } replied in “{ $title }”
account-notify-accepted = { $who } accepted your answer in “{ $title }”
account-notify-status = “{ $title }” is now { $status }
account-notify-case-note = { $who } mentioned you in a note on { $detail }
account-notify-moderation-on = Moderators, on “{ $title }”: { $detail }
account-notify-moderation = Moderators: { $detail }
account-notify-other = { $kind } on “{ $title }”
account-idea-open = Open
account-idea-under-review = Under review
account-idea-planned = Planned
account-idea-started = Started
account-idea-done = Done
account-idea-declined = Declined
account-idea-duplicate = Duplicate
account-email-title = E-mail settings
account-email-intro = You always see notifications in the bell. Choose which of them also come by e-mail.
account-email-when = E-mail me when
account-email-replies = someone replies to my topics or topics I follow
account-email-accepted = my answer is accepted
account-email-status = an idea I follow or voted for changes status
account-email-save = Save
account-email-back = Back to notifications
account-email-saved = Your e-mail preferences are saved.
