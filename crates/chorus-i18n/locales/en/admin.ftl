# Administration: users (roles, suspension) and the audit log.

admin-users-title = Users
admin-audit-title = Audit log
admin-sources-link = Sources
admin-users-filter-label = Filter users
admin-users-search = Search
admin-users-search-placeholder = Name or e-mail
admin-users-role = Role
admin-users-any-role = Any
admin-users-filter = Filter
admin-users-shown = { $n ->
    [one] { $n } user shown
   *[other] { $n } users shown
}
admin-col-name = Name
admin-col-email = E-mail
admin-col-role = Role
admin-col-status = Status
admin-col-joined = Joined
admin-col-actions = Actions
admin-role-of = Role of { $name }
admin-role-change = Change
admin-role-change-which = role of { $name }
admin-status-suspended = Suspended
admin-status-active = Active
admin-reinstate = Reinstate
admin-suspend = Suspend
admin-suspend-reason-for = Reason for suspending { $name }
admin-suspend-reason-placeholder = Reason
admin-users-none = No users match.
admin-pages = Pages
admin-users-older = Older users

admin-audit-newest = { $n ->
    [one] Newest { $n } entry
   *[other] Newest { $n } entries
}
admin-col-when = When
admin-col-who = Who
admin-col-action = Action
admin-col-target = Target
admin-col-detail = Detail
admin-audit-empty = Nothing yet.
admin-audit-system = system

admin-flash-role-changed = { $name } is now { $role }.
admin-flash-suspended = { $name } is suspended and signed out everywhere.
admin-flash-reinstated = { $name } is reinstated.
