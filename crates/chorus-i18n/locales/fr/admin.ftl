# Administration : les utilisateurs (rôles, suspensions) et le journal d’audit.

admin-users-title = Utilisateurs
admin-audit-title = Journal d’audit
admin-sources-link = Sources
admin-users-filter-label = Filtrer les utilisateurs
admin-users-search = Rechercher
admin-users-search-placeholder = Nom ou adresse e-mail
admin-users-role = Rôle
admin-users-any-role = Tous
admin-users-filter = Filtrer
admin-users-shown = { $n ->
    [one] { $n } utilisateur affiché
   *[other] { $n } utilisateurs affichés
}
admin-col-name = Nom
admin-col-email = Adresse e-mail
admin-col-role = Rôle
admin-col-status = Statut
admin-col-joined = Inscription
admin-col-actions = Actions
admin-role-of = Rôle de { $name }
admin-role-change = Modifier
admin-role-change-which = le rôle de { $name }
admin-status-suspended = Suspendu
admin-status-active = Actif
admin-reinstate = Réintégrer
admin-suspend = Suspendre
admin-suspend-reason-for = Motif de la suspension de { $name }
admin-suspend-reason-placeholder = Motif
admin-users-none = Aucun utilisateur ne correspond.
admin-pages = Pages
admin-users-older = Utilisateurs plus anciens

admin-audit-newest = { $n ->
    [one] { $n } entrée, la plus récente
   *[other] Les { $n } entrées les plus récentes
}
admin-col-when = Quand
admin-col-who = Qui
admin-col-action = Action
admin-col-target = Cible
admin-col-detail = Détail
admin-audit-empty = Rien pour l’instant.
admin-audit-system = système

admin-flash-role-changed = { $name } est maintenant { $role }.
admin-flash-suspended = { $name } est suspendu et déconnecté partout.
admin-flash-reinstated = { $name } est réintégré.
