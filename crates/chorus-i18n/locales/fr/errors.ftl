# Refus et conflits écrits par le service et la couche web (voir chorus_i18n::Text).

text-verbatim = { $text }
err-limit-range = doit être compris entre 1 et { $max }
err-lease-moved = cette instance ne détient plus le bail { $lease } ; une autre le détient
err-not-a-date = { $value } n’est ni une date (2026-11-22) ni une heure RFC 3339
err-unknown-name = { $what } inconnu { $value } : valeurs attendues { $expected }
err-unknown-role = rôle inconnu { $value } : valeurs attendues member, agent, manager ou admin

## What a refused request says (the API capitalises the first letter)
err-fields = Certains champs demandent votre attention.
err-unauthenticated = connexion requise
err-invalid-credentials = adresse e-mail ou mot de passe incorrect
err-suspended = ce compte est suspendu
err-forbidden = vous n’avez pas l’autorisation de faire cela
err-not-found = introuvable : { $what }
err-rate-limited = trop de tentatives ; réessayez dans { $secs } s
err-silenced = un modérateur a suspendu vos publications jusqu’au { $until }
err-internal = Un problème est survenu de notre côté. Il a été consigné.

## Error pages
error-page-not-found = Nous n’avons pas trouvé cette page. Elle a peut-être été déplacée, ou n’a jamais existé.
error-page-forbidden = Votre compte n’a pas accès à cette page.
error-page-too-large = Ce que vous avez envoyé est trop volumineux.
error-page-not-a-form = Ce formulaire doit être envoyé comme un formulaire ordinaire.
error-page-unreadable-form = Le formulaire n’a pas pu être lu : { $detail }
error-page-cross-site = Cette requête venait d’un autre site ; elle a été refusée pour protéger votre compte. Revenez en arrière, rechargez la page et réessayez.
error-page-method = Cette adresse n’accepte pas ce type de requête.
error-page-timeout = Cela a pris trop de temps. Veuillez réessayer.
error-page-unhandled = La requête n’a pas pu être traitée.

## Refusals of the web layer and the API
err-web-not-an-id = { $value } n’est pas un identifiant
err-web-export-unknown = { $report } doit être l’une des valeurs suivantes : { $expected }
err-web-oembed-format = utilisez json
err-web-flag-state = { $value } doit valoir open ou resolved
err-web-deflection-event = utilisez shown, opened, solved ou posted
err-web-deflection-target = utilisez topic ou article
err-web-case-source = indiquez soit mention_id, soit topic_id
err-web-not-a-theme = { $value } n’est pas l’identifiant d’un thème
err-web-whole-number = doit être un nombre entier

## Form fields, named in front of a refusal that needs its field ("Minimum followers: must be a whole number")
field-conditions-channels = Canaux
field-conditions-intents = Intentions
field-conditions-sentiments = Sentiments
field-conditions-min-followers = Abonnés minimum
field-conditions-keywords = Mots-clés
field-conditions-languages = Langues
field-conditions-themes = Thèmes
field-team-id = Équipe
field-name = Nom
field-title = Titre
field-body = Texte
field-actions = Actions
field-channel = Canal
field-state = État
field-priority = Priorité
field-note = Note
field-assignee = Assigné à
field-level = Niveau de confiance
field-mention-ids = Mentions
field-mention-id = Mention
field-topic-id = Sujet
field-status = Statut
field-reason = Motif
field-limit = Taille de page
field-pattern = Motif de filtre
field-action = Action
field-email = Adresse e-mail
field-into = Fusionner dans
field-user-id = Membre
field-category = Catégorie
field-description = Description
field-starts-at = Début
field-ends-at = Fin
field-product = Produit
field-query = Requête
field-role = Rôle
error-page-bad-address = Une partie de cette adresse n’a pas pu être lue. Vérifiez le lien, ou revenez en arrière et réessayez.
