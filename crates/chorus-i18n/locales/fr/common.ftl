# Commun à toutes les pages : navigation, pied de page, erreurs, rôles, dates.

nav-skip = Aller au contenu
nav-menu = Menu
nav-main = Navigation principale
nav-account = Compte
nav-community = Communauté
nav-kb = Aide
nav-events = Rencontres
nav-search = Recherche
nav-work = Espace équipe
nav-inbox = Boîte de réception
nav-listening = Veille
nav-themes = Thèmes
nav-praise = Compliments
nav-advocates = Ambassadeurs
nav-reports = Rapports
nav-kb-review = Articles à relire
nav-kb-articles = Articles
nav-kb-new = Rédiger un article
nav-moderation = Modération
nav-moderation-queue = File de modération
nav-moderation-filters = Filtres de mots
nav-moderation-log = Journal de modération
nav-triage = Réglages du tri
nav-admin = Administration
nav-users = Utilisateurs
nav-sources = Sources
nav-audit = Journal d’audit
nav-notifications = Notifications
nav-unread = { $n ->
    [one] { $n } notification non lue
   *[other] { $n } notifications non lues
}
nav-account-settings = Paramètres du compte
nav-notification-settings = Paramètres des e-mails
nav-login = Se connecter
nav-signup = S’inscrire
nav-logout = Déconnexion

section-cases = Dossiers
section-listening = Veille
section-engagement = Engagement
section-moderation = Modération
section-admin = Administration
section-kb = Base de connaissances
section-account = Votre compte

badge-staff = Équipe
role-member = Membre
role-agent = Agent
role-manager = Responsable
role-admin = Administrateur

footer-runs-on = { $hub } fonctionne avec Chorus, la plateforme libre de service client social.
footer-language = Langue
footer-language-apply = Changer de langue
language-changed = Le site s’affiche désormais en français.
language-unknown = Cette langue n’est pas proposée ici ; la page reste inchangée.

error-400 = Nous n’avons pas pu traiter cette demande
error-401 = Veuillez vous connecter
error-403 = Non autorisé
error-404 = Page introuvable
error-405 = Non disponible de cette façon
error-408 = Cela a pris trop de temps
error-413 = Trop volumineux
error-429 = Un peu moins vite, s’il vous plaît
error-503 = Temporairement indisponible
error-500 = Une erreur s’est produite
error-other = Quelque chose ne va pas
error-code = Erreur { $status }
error-home = Aller à l’accueil

time-now = à l’instant
time-ago-minutes = { $n ->
    [one] il y a { $n } minute
   *[other] il y a { $n } minutes
}
time-ago-hours = { $n ->
    [one] il y a { $n } heure
   *[other] il y a { $n } heures
}
time-ago-days = { $n ->
    [one] il y a { $n } jour
   *[other] il y a { $n } jours
}
time-ago-months = { $n ->
    [one] il y a { $n } mois
   *[other] il y a { $n } mois
}
time-ago-years = { $n ->
    [one] il y a { $n } an
   *[other] il y a { $n } ans
}
time-in-minutes = { $n ->
    [one] dans { $n } minute
   *[other] dans { $n } minutes
}
time-in-hours = { $n ->
    [one] dans { $n } heure
   *[other] dans { $n } heures
}
time-in-days = { $n ->
    [one] dans { $n } jour
   *[other] dans { $n } jours
}
time-in-months = { $n ->
    [one] dans { $n } mois
   *[other] dans { $n } mois
}
time-in-years = { $n ->
    [one] dans { $n } an
   *[other] dans { $n } ans
}

form-fix = { $n ->
    [one] Veuillez corriger ce problème :
   *[other] Veuillez corriger ces problèmes :
}
flag = Signaler
flag-this = { $kind ->
    [reply] Signaler cette réponse
   *[other] Signaler ce sujet
}
flag-what = Quel est le problème ?
flag-note = Note pour les modérateurs (facultatif)
flag-send = Envoyer le signalement
masked-summary = Texte injurieux masqué pour vous protéger.
masked-reveal = L’afficher
kind-question = De quel type de sujet s’agit-il ?
