# Shared by every page: navigation, footer, errors, roles, times.

nav-skip = Skip to content
nav-menu = Menu
nav-main = Main
nav-account = Account
nav-community = Community
nav-kb = Knowledge base
nav-events = Town halls
nav-search = Search
nav-work = Staff tools
nav-inbox = Inbox
nav-listening = Listening
nav-themes = Themes
nav-praise = Praise
nav-advocates = Advocates
nav-reports = Reports
nav-kb-review = Articles to review
nav-kb-articles = Articles
nav-kb-new = Write an article
nav-moderation = Moderation
nav-moderation-queue = Review queue
nav-moderation-filters = Word filters
nav-moderation-log = Moderation log
nav-triage = Triage setup
nav-admin = Administration
nav-users = Users
nav-sources = Sources
nav-audit = Audit log
nav-notifications = Notifications
nav-unread = { $n ->
    [one] { $n } unread notification
   *[other] { $n } unread notifications
}
nav-account-settings = Account settings
nav-notification-settings = E-mail settings
nav-login = Log in
nav-signup = Sign up
nav-logout = Log out

section-cases = Cases
section-listening = Listening
section-engagement = Engagement
section-moderation = Moderation
section-admin = Administration
section-kb = Knowledge base
section-account = Your account

badge-staff = Staff
role-member = Member
role-agent = Agent
role-manager = Manager
role-admin = Administrator

footer-runs-on = { $hub } runs on Chorus, the open-source social customer service hub.
footer-language = Language
footer-language-apply = Change language
language-changed = The hub is now shown in English.
language-unknown = That language is not offered here; the page stays as it was.

error-400 = We could not use that request
error-401 = Please log in
error-403 = Not allowed
error-404 = Page not found
error-405 = Not available this way
error-408 = That took too long
error-413 = Too large
error-429 = Slow down a little
error-503 = Temporarily unavailable
error-500 = Something went wrong
error-other = Something is not right
error-code = Error { $status }
error-home = Go to the home page

time-now = just now
time-ago-minutes = { $n ->
    [one] { $n } minute ago
   *[other] { $n } minutes ago
}
time-ago-hours = { $n ->
    [one] { $n } hour ago
   *[other] { $n } hours ago
}
time-ago-days = { $n ->
    [one] { $n } day ago
   *[other] { $n } days ago
}
time-ago-months = { $n ->
    [one] { $n } month ago
   *[other] { $n } months ago
}
time-ago-years = { $n ->
    [one] { $n } year ago
   *[other] { $n } years ago
}
time-in-minutes = { $n ->
    [one] in { $n } minute
   *[other] in { $n } minutes
}
time-in-hours = { $n ->
    [one] in { $n } hour
   *[other] in { $n } hours
}
time-in-days = { $n ->
    [one] in { $n } day
   *[other] in { $n } days
}
time-in-months = { $n ->
    [one] in { $n } month
   *[other] in { $n } months
}
time-in-years = { $n ->
    [one] in { $n } year
   *[other] in { $n } years
}

form-fix = { $n ->
    [one] Please fix this problem:
   *[other] Please fix these problems:
}
flag = Flag
flag-this = { $kind ->
    [reply] Flag this reply
   *[other] Flag this topic
}
flag-what = What is wrong with it?
flag-note = Note for moderators (optional)
flag-send = Send flag
masked-summary = Abusive text hidden to protect you.
masked-reveal = Show it
kind-question = What kind of topic is it?
