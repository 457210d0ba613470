# Messages of listening refusals and conflicts, written by the service (see chorus_i18n::Text).

## listen/mod.rs
# An unknown channel in a filter uses err-unknown-name (errors.ftl).

err-listen-sentiment-unknown = sentiment inconnu { $value } : valeurs attendues negative, neutral ou positive
err-listen-intent-unknown = intention inconnue { $value } : valeurs attendues complaint, question, praise, idea ou other
err-listen-language-code = doit être un code de langue comme en ou de

## listen/themes.rs
err-listen-theme-sort-unknown = tri inconnu { $value } : valeurs attendues count ou recent
err-listen-theme-offset-range = doit être compris entre 0 et 100000
# Also a source's name (listen/sources/mod.rs).
err-listen-chars-max = doit comporter au plus { $max } caractères
err-listen-theme-merged-away = le thème { $id } a été fusionné avec un autre thème
err-listen-theme-merge-self = un thème ne peut pas être fusionné avec lui-même
err-listen-theme-split-none = choisissez au moins une mention de ce thème à séparer
err-listen-theme-split-all = laissez au moins une mention dans le thème (ou renommez-le plutôt)

## listen/sources/mod.rs
err-listen-source-url-scheme = doit être une adresse commençant par { $first }:// ou { $second }://
err-listen-required = est obligatoire
err-listen-source-channel-none = le contenu { $channel } n’a pas besoin de source
err-listen-source-poll-range = doit être compris entre { $min } et 86400
err-listen-source-mastodon-query = indiquez au moins un hashtag ou un mot-clé (ou prenez les mentions du compte)
err-listen-source-mastodon-token = la recherche de mots-clés et la lecture des mentions demandent un jeton d’accès
err-listen-source-bluesky-query = Bluesky diffuse toutes les publications du réseau : indiquez ce qu’il faut surveiller
err-listen-source-channel-fixed = le canal d’une source ne peut pas changer ; créez une nouvelle source

## listen/pipeline/shared.rs
# $reason: why the pipeline writer failed (its own log text, in English).
err-listen-work-retrying = { $reason } ; le travail reste en file d’attente et sera retenté (répéter la requête est sans danger)
err-listen-work-queued = aucun processus du pipeline n’a répondu en { $secs } s ; le travail reste en file d’attente et sera fait dès qu’un processus tournera (répéter la requête est sans danger)
err-listen-parked-no-broker = le travail mis de côté n’existe que sur un hub avec un broker (broker.url ou --nats)

## reports/mod.rs
err-listen-report-start-after-end = Le début doit précéder la fin.
err-listen-report-granularity-unknown = { $value } doit valoir hour, day ou week
# $unit: hour, day or week.
err-listen-report-too-many-buckets = { $count } { $unit ->
        [hour] heures
        [day] jours
       *[week] semaines
    }, c’est trop pour un graphique ; choisissez une unité plus large ou une période plus courte

## reports/exports.rs
err-listen-report-export-unknown = { $value } doit être l’une de ces valeurs : { $expected }

## reports/deflection.rs
err-listen-report-from-before-to = doit précéder to
err-listen-report-span-long = un rapport couvre au plus { $max } jours

## reports/turnaround.rs
err-listen-report-days-range = Choisissez entre 1 et { $max } jours.

## webhooks.rs
# What is wrong with a webhook's URL, as it follows “The URL” in err-listen-webhook-url.
err-listen-webhook-url-parse = n’est pas valide : { $detail }
err-listen-webhook-url-scheme = doit commencer par http:// ou https://
err-listen-webhook-url-credentials = ne doit contenir ni nom d’utilisateur ni mot de passe
err-listen-webhook-url-no-host = n’a pas d’hôte
err-listen-webhook-url-resolve-slow = a un hôte qui n’a pas été résolu en { $secs } s
err-listen-webhook-url-resolve-error = a un hôte qui ne se résout pas : { $detail }
err-listen-webhook-url-unresolved = a un hôte qui ne se résout pas
err-listen-webhook-url-private = pointe vers une adresse privée ou de bouclage (activez webhooks.allow_private pour l’autoriser)
err-listen-webhook-url-long = Au plus { $max } caractères.
# $problem: one of the messages above.
err-listen-webhook-url = L’URL { $problem }.
err-listen-webhook-event-unknown = { $value } n’est pas un événement ; utilisez * ou l’un de ceux-ci : { $events }.
err-listen-webhook-events-none = Indiquez au moins un événement, ou * pour tous.
err-listen-webhook-format-unknown = Utilisez standard ou slack.
err-listen-webhook-off = le webhook est désactivé ; activez-le d’abord
err-listen-webhook-delivery-pending = cette livraison est encore en cours d’envoi
