# Compte : connexion, inscription, réinitialisation du mot de passe, page du compte, profils et notifications.

## Connexion

account-login-title = Connexion
account-login-providers = Se connecter avec
account-login-with = Se connecter avec { $provider }
account-login-or = Ou connectez-vous avec votre adresse e-mail et votre mot de passe :
account-field-email = Adresse e-mail
account-field-password = Mot de passe
account-login-submit = Se connecter
account-login-forgot = Mot de passe oublié ?
account-login-new = Première visite ?
account-login-create = Créer un compte
account-login-off = La connexion par mot de passe est désactivée et aucun fournisseur de connexion n’est configuré. Adressez-vous à l’administrateur du hub.
account-login-enter-email = Saisissez votre adresse e-mail.
account-login-enter-password = Saisissez votre mot de passe.
account-login-mismatch = Cette adresse e-mail et ce mot de passe ne correspondent à aucun compte.
account-login-password-off = La connexion par mot de passe est désactivée sur ce hub. Utilisez un des boutons de connexion.
account-login-too-many = { $n ->
    [one] Trop de tentatives échouées. Patientez { $n } seconde, puis réessayez.
   *[other] Trop de tentatives échouées. Patientez { $n } secondes, puis réessayez.
}
account-suspended = Ce compte est suspendu. Contactez l’équipe de la communauté si vous pensez qu’il s’agit d’une erreur.
account-welcome-new = Bienvenue, { $name } ! Votre compte est prêt.
account-welcome-back = Bon retour parmi nous, { $name }.
account-logged-out = Vous êtes déconnecté.

## Fournisseurs de connexion

account-oidc-unknown = Ce fournisseur de connexion n’existe pas.
account-oidc-unreachable = Le fournisseur de connexion est injoignable. Réessayez dans un instant.
account-oidc-denied = Le fournisseur de connexion ne vous a pas connecté : { $detail }
account-oidc-expired = Cette connexion a expiré ou a été commencée dans un autre navigateur. Recommencez.
account-oidc-invalid = La réponse du fournisseur de connexion n’a pas pu être vérifiée : vous n’avez donc pas été connecté.
account-oidc-unverified = Le fournisseur de connexion n’a pas confirmé votre adresse e-mail : elle ne peut donc être associée à aucun compte. Faites-la vérifier chez lui, puis réessayez.
account-oidc-no-account = Il n’existe aucun compte pour { $email }. Demandez à un responsable de la communauté d’en créer un.
account-oidc-too-many = { $n ->
    [one] Trop de connexions depuis votre adresse. Patientez { $n } seconde.
   *[other] Trop de connexions depuis votre adresse. Patientez { $n } secondes.
}
account-oidc-failed = Un problème est survenu de notre côté. Réessayez.

## Inscription

account-signup-title = Inscription
account-signup-heading = Créez votre compte
account-field-name = Votre nom
account-field-name-hint = Affiché à côté de ce que vous publiez.
account-field-password-hint = Au moins 10 caractères.
account-signup-submit = Créer le compte
account-signup-have-account = Vous avez déjà un compte ?
account-signup-login = Connectez-vous

## Réinitialisation du mot de passe

account-reset-title = Réinitialiser votre mot de passe
account-reset-intro = Saisissez l’adresse de votre compte et nous vous enverrons un lien par e-mail.
account-reset-submit = Envoyer le lien de réinitialisation
account-reset-sent = { $n ->
    [one] Si un compte utilise { $email }, nous lui avons envoyé un lien pour choisir un nouveau mot de passe. Le lien est valable { $n } minute.
   *[other] Si un compte utilise { $email }, nous lui avons envoyé un lien pour choisir un nouveau mot de passe. Le lien est valable { $n } minutes.
}
account-reset-back = Retour à la connexion
account-reset-too-many = { $n ->
    [one] Trop de demandes de réinitialisation. Réessayez dans { $n } minute.
   *[other] Trop de demandes de réinitialisation. Réessayez dans { $n } minutes.
}
account-newpw-title = Choisir un nouveau mot de passe
account-field-new-password = Nouveau mot de passe
account-newpw-submit = Enregistrer le mot de passe
account-newpw-expired = Ce lien a expiré ou a déjà été utilisé.
account-newpw-again = Demander un nouveau lien
account-newpw-done = Votre mot de passe a été modifié et vous êtes connecté.

## La page du compte

account-title = Votre compte
account-profile = Profil
account-name = Nom
account-role = Rôle
account-member-since = Membre depuis
account-password-heading = Changer de mot de passe
account-field-current-password = Mot de passe actuel
account-field-new-password-hint = Au moins 10 caractères. Vous serez déconnecté partout.
account-password-submit = Changer le mot de passe
account-password-changed = Mot de passe modifié. Vos autres appareils ont été déconnectés.
account-language = Langue
account-language-intro = Les pages et les e-mails de ce hub sont rédigés dans la langue que vous choisissez ici.
account-language-label = Afficher les pages et les e-mails en
account-language-browser = Suivre mon navigateur
account-language-save = Enregistrer la langue
account-language-saved = Les pages et les e-mails sont désormais en français.
account-language-follows = Les pages et les e-mails suivent désormais la langue de votre navigateur.
account-language-invalid = Choisissez l’une des langues proposées.
account-tokens = Jetons d’API
account-tokens-intro = Les jetons permettent à des programmes d’utiliser l’API de Chorus en votre nom. Un programme envoie son jeton dans cet en-tête :
account-tokens-api = Lire la description de l’API de Chorus (OpenAPI)
account-token-created = Jeton « { $name } » créé.
account-token-copy = Copiez-le maintenant : il ne sera plus affiché.
account-token-name = Nom du jeton
account-token-name-example = par ex. export CI
account-token-create = Créer le jeton
account-tokens-caption = Vos jetons
account-token-prefix = Commence par
account-token-created-at = Créé
account-token-last-used = Dernière utilisation
account-token-status = État
account-token-revoked = Révoqué
account-token-revoke = Révoquer
account-token-revoke-named = Révoquer le jeton { $name }
account-token-never = Jamais
account-tokens-none = Aucun jeton pour l’instant.
account-token-revoked-flash = Jeton révoqué.

## Profils des membres

account-profile-member-since = membre depuis le { $date }
account-profile-topics = { $n ->
    [one] sujet
   *[other] sujets
}
account-profile-replies = { $n ->
    [one] réponse
   *[other] réponses
}
account-profile-accepted = { $n ->
    [one] réponse acceptée
   *[other] réponses acceptées
}
account-profile-record = Historique (équipe uniquement)
account-profile-trust-is = Niveau de confiance : { $level }
account-profile-silenced-until = Réduit au silence jusqu’au { $date }
account-profile-upheld = { $n ->
    [one] { $n } mesure de modération maintenue
   *[other] { $n } mesures de modération maintenues
}
account-profile-chart = Messages injurieux par mois
account-profile-months = Messages par mois : constructifs et injurieux
account-profile-month = Mois
account-profile-constructive = Constructifs
account-profile-abusive = Injurieux
account-profile-trust-label = Niveau de confiance
account-profile-set-level = Définir le niveau
account-profile-reason = Motif
account-profile-lift = Lever le silence
account-profile-accepted-heading = Réponses acceptées
account-profile-none = Aucune pour l’instant.
account-profile-accepted-badge = Acceptée
account-profile-official = Réponse officielle
account-profile-topics-heading = Sujets
account-profile-replies-heading = Réponses
account-trust-new = Nouveau membre
account-trust-basic = Débutant
account-trust-member = Habitué
account-trust-trusted = De confiance
account-record-none = Aucun message pour l’instant.
account-record-constructive = { $n ->
    [one] Constructif : { $n } message, aucun injurieux.
   *[other] Constructif : { $n } messages, aucun injurieux.
}
account-record-few = Trop peu de messages pour parler de tendance : { $abusive } sur { $total } injurieux. Lisez le message lui-même.
account-record-mostly = Plutôt constructif : { $abusive } messages injurieux sur { $total } ({ $share } %), sans doute un client agacé.
account-record-often = { $upheld ->
    [one] Souvent injurieux : { $abusive } messages sur { $total } ({ $share } %), { $upheld } mesure de modération maintenue. À traiter comme une tendance, pas comme un cas isolé.
   *[other] Souvent injurieux : { $abusive } messages sur { $total } ({ $share } %), { $upheld } mesures de modération maintenues. À traiter comme une tendance, pas comme un cas isolé.
}

## Notifications

account-notifications-title = Notifications
account-notifications-read-all = Tout marquer comme lu
account-notifications-settings = Réglages des e-mails
account-notifications-empty = Rien pour l’instant. Vous verrez ici les réponses à vos sujets et aux sujets que vous suivez, les réponses acceptées et les changements de statut des idées.
account-notifications-new = Nouveau
account-notifications-older-nav = Notifications plus anciennes
account-notifications-older = Plus anciennes
account-notifications-marked = { $n ->
    [one] { $n } notification marquée comme lue.
   *[other] { $n } notifications marquées comme lues.
}
account-notify-withheld = Un message dont vous avez été averti n’est plus disponible
account-notify-someone = Quelqu’un
account-notify-a-topic = un sujet
account-notify-reply-own = { $who } a répondu à votre sujet « { $title } »
account-notify-reply-followed = { $who } a répondu dans « { $title } »
account-notify-accepted = { $who } a accepté votre réponse dans « { $title } »
account-notify-status = « { $title } » a maintenant le statut { $status }
account-notify-case-note = { $who } vous a mentionné dans une note sur { $detail }
account-notify-moderation-on = Modération, à propos de « { $title } » : { $detail }
account-notify-moderation = Modération : { $detail }
account-notify-other = { $kind } sur « { $title } »
account-idea-open = Ouverte
account-idea-under-review = À l’étude
account-idea-planned = Prévue
account-idea-started = Commencée
account-idea-done = Réalisée
account-idea-declined = Refusée
account-idea-duplicate = Doublon
account-email-title = Réglages des e-mails
account-email-intro = Vous voyez toujours les notifications sous la cloche. Choisissez lesquelles vous recevez aussi par e-mail.
account-email-when = M’écrire quand
account-email-replies = quelqu’un répond à mes sujets ou aux sujets que je suis
account-email-accepted = ma réponse est acceptée
account-email-status = une idée que je suis ou pour laquelle j’ai voté change de statut
account-email-save = Enregistrer
account-email-back = Retour aux notifications
account-email-saved = Vos préférences d’e-mail sont enregistrées.
