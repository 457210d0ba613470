# Verwaltung: Benutzer (Rollen, Sperren) und das Prüfprotokoll.

admin-users-title = Benutzer
admin-audit-title = Prüfprotokoll
admin-sources-link = Quellen
admin-users-filter-label = Benutzer filtern
admin-users-search = Suchen
admin-users-search-placeholder = Name oder E-Mail-Adresse
admin-users-role = Rolle
admin-users-any-role = Alle
admin-users-filter = Filtern
admin-users-shown = { $n ->
    [one] { $n } Benutzer angezeigt
   *[other] { $n } Benutzer angezeigt
}
admin-col-name = Name
admin-col-email = E-Mail
admin-col-role = Rolle
admin-col-status = Status
admin-col-joined = Beigetreten
admin-col-actions = Aktionen
admin-role-of = Rolle von { $name }
admin-role-change = Ändern
admin-role-change-which = (Rolle von { $name })
admin-status-suspended = Gesperrt
admin-status-active = Aktiv
admin-reinstate = Wieder zulassen
admin-suspend = Sperren
admin-suspend-reason-for = Grund für die Sperrung von { $name }
admin-suspend-reason-placeholder = Grund
admin-users-none = Keine passenden Benutzer.
admin-pages = Seiten
admin-users-older = Ältere Benutzer

admin-audit-newest = { $n ->
    [one] Der neueste Eintrag ({ $n })
   *[other] Die neuesten { $n } Einträge
}
admin-col-when = Wann
admin-col-who = Wer
admin-col-action = Aktion
admin-col-target = Ziel
admin-col-detail = Details
admin-audit-empty = Noch nichts.
admin-audit-system = System

admin-flash-role-changed = { $name } ist jetzt { $role }.
admin-flash-suspended = { $name } ist gesperrt und überall abgemeldet.
admin-flash-reinstated = { $name } ist wieder zugelassen.
