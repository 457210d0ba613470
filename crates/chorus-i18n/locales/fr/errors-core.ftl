# Messages of core refusals and conflicts, written by the service (see chorus_i18n::Text).

## validate.rs
err-core-email-empty = Saisissez votre adresse e-mail.
err-core-max-chars = Utilisez au plus { $max } caractères.
err-core-email-invalid = Saisissez une adresse comme name@example.com.
err-core-name-empty = Saisissez un nom.
err-core-name-control = Retirez les caractères de contrôle du nom.
err-core-min-chars = Utilisez au moins { $min } caractères.
err-core-password-common = Ce mot de passe fait partie des plus courants ; choisissez-en un autre.
err-core-markdown-large = Utilisez au plus { $max } octets de texte ({ $bytes } actuellement).
err-core-markdown-deep = Les citations, listes ou mises en forme sont imbriquées trop profondément (au plus { $max } niveaux).

## community.rs
err-core-title-empty = Donnez un titre à votre sujet.
err-core-max-chars-now = Utilisez au plus { $max } caractères ({ $n } actuellement).
err-core-body-empty = Écrivez quelque chose.
err-core-tag-invalid = Les étiquettes se composent de lettres, de chiffres et de tirets, au plus { $max } caractères ({ $tag }).
err-core-tags-many = Utilisez au plus { $max } étiquettes.
err-core-category-long = Utilisez au plus { $max } caractères imprimables.

## listen.rs
err-core-channel-not-here = les mentions du canal { $channel } ne peuvent pas être ajoutées de cette façon
err-core-required = est obligatoire
err-core-at-most-chars = doit compter au plus { $max } caractères
err-core-not-negative = ne doit pas être négatif
err-core-at-most = doit valoir au plus { $max }
err-core-url-link = doit être un lien http ou https
err-core-time-required = est obligatoire (RFC 3339)
err-core-time-invalid = doit être une heure RFC 3339 comme 2026-11-22T09:18:00Z

## query.rs
err-core-query-at = { $message } (au caractère { $position })
err-core-query-quote = guillemet non fermé
err-core-query-empty-phrase = expression entre guillemets vide
err-core-query-name = { $sigil } doit être suivi d’un nom
err-core-query-depth = plus de { $max } niveaux d’imbrication
err-core-query-empty-parens = parenthèses vides
err-core-query-no-close = parenthèses déséquilibrées : aucune ) fermante
err-core-query-terms = plus de { $max } termes
err-core-query-unexpected-close = parenthèses déséquilibrées : ) inattendue
err-core-query-and = AND demande un terme de chaque côté
err-core-query-or = OR demande un terme de chaque côté
err-core-query-end = la requête s’arrête là où un terme était attendu
err-core-query-long = plus de { $max } caractères
err-core-query-operator = opérateur inattendu

## moderation/filters.rs
err-core-filter-empty = Saisissez un mot ou une expression.
err-core-filter-long = Limitez un filtre à huit mots.
err-core-filter-short = { $word } est trop court : un joker demande au moins deux lettres.
err-core-filter-star = { $word } : `*` ne peut se trouver qu’au début ou à la fin d’un mot.

## triage/conditions.rs
err-core-cond-too-many = au plus { $max } valeurs
err-core-cond-keyword-long = les mots-clés comptent au plus { $max } caractères
err-core-cond-keyword-empty = { $keyword } ne contient ni lettre ni chiffre à rechercher
err-core-unknown-channel = canal inconnu { $value } : valeurs attendues community, mastodon, bluesky, feed, webhook, email ou import
err-core-cond-intent = intention inconnue { $value } : valeurs attendues complaint, question, praise, idea ou other
err-core-cond-sentiment = tonalité inconnue { $value } : valeurs attendues negative, neutral ou positive
err-core-cond-language = { $value } n’est pas un code de langue comme en ou de
err-core-cond-ids = les identifiants sont des nombres positifs
err-core-cond-min-followers = doit valoir 0 ou plus
err-core-cond-spike-routing = seules les règles d’alerte peuvent se déclencher lors des pics
err-core-cond-sla-routing = seules les règles d’alerte peuvent se déclencher lors des dépassements de SLA
err-core-cond-spike-and-sla = une règle se déclenche lors des pics ou lors des dépassements de SLA, pas les deux

## triage/alerts.rs
err-core-actions-none = ajoutez au moins une action (email ou webhook)
err-core-actions-many = au plus { $max } actions
err-core-action-email = { $value } n’est pas une adresse e-mail
err-core-action-url = { $value } n’est pas une URL http(s)
