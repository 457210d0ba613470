# Messages of cases refusals and conflicts, written by the service (see chorus_i18n::Text).

## triage/mod.rs
err-cases-incident-one-by-one = un dossier d’incident répond à ses clients un par un
err-cases-channel-cannot-reply = Chorus ne peut pas répondre aux messages du canal { $channel } par ce canal ; répondez là où le client a publié et ajoutez ici une note
err-cases-no-account = ce message est arrivé sans compte { $channel } connecté (par un import ou l’API), Chorus ne peut donc pas y répondre là-bas ; répondez là où le client a publié et ajoutez ici une note
err-cases-assignee-filter = doit être me, none ou l’identifiant d’un utilisateur
err-cases-unknown-view = vue inconnue { $value } : valeur attendue breaching
err-cases-unknown-sort = ordre inconnu { $value } : valeurs attendues newest ou urgency
err-cases-held-by = { $name } suit déjà ce dossier
err-cases-held-by-user = l’utilisateur { $id } suit déjà ce dossier
err-cases-held-by-other = { $name } suit ce dossier ; demandez-lui, ou à un responsable de communauté, de le transmettre
err-cases-held-by-colleague = un collègue suit ce dossier ; demandez-lui, ou à un responsable de communauté, de le transmettre
err-cases-no-staff = membre de l’équipe introuvable
err-cases-no-team = équipe introuvable
err-cases-merge-self = un dossier ne peut pas être fusionné avec lui-même
err-cases-merge-closed = les dossiers clos ne peuvent pas être fusionnés ; rouvrez-les d’abord
err-cases-merge-incident = les dossiers d’incident ne sont pas fusionnés : une réponse depuis l’un d’eux part vers chacun de ses clients ; clôturez plutôt l’autre dossier
err-cases-cases-changed = les dossiers ont changé entre-temps ; rechargez la page et réessayez
err-cases-state-move = un dossier à l’état { $from ->
        [new] nouveau
        [open] ouvert
        [pending] en attente
        [resolved] résolu
        [closed] clos
       *[other] { $from }
    } ne peut pas passer à l’état { $to ->
        [new] nouveau
        [open] ouvert
        [pending] en attente
        [resolved] résolu
        [closed] clos
       *[other] { $to }
    }
err-cases-case-changed = le dossier a changé entre-temps ; rechargez la page et réessayez

## triage/reply.rs
err-cases-body-empty = écrivez d’abord quelque chose
err-cases-too-long = { $max } caractères au maximum
err-cases-closed = ce dossier est clos ; ouvrez-en un nouveau pour écrire à nouveau
err-cases-incident-unreachable = aucun des clients de cet incident ne peut recevoir de réponse par son canal (clients ayant écrit là où Chorus ne peut pas répondre : { $n }) ; répondez-leur là où ils ont publié et ajoutez ici une note
err-cases-no-escalation = aucune destination de transmission n’est configurée (triage.escalation_webhook_url ou triage.escalation_email)

## triage/bulk.rs
err-cases-merge-into = choisissez le dossier dans lequel fusionner
err-cases-unknown-action = action inconnue { $value } : valeurs attendues assign, team, close ou merge
err-cases-choose-cases = choisissez au moins un dossier
err-cases-bulk-max = { $max } dossiers au maximum à la fois
err-cases-already-closed = déjà clos

## triage/customers.rs
err-cases-handle = indiquez l’identifiant tel qu’il apparaît sur ce canal

## triage/setup.rs
err-cases-name-empty = donnez-lui un nom
err-cases-team-exists = une équipe porte déjà ce nom
err-cases-capacity = doit être comprise entre 1 et 1000
err-cases-no-such-team = il n’existe pas d’équipe { $id }
err-cases-rule-team = choisissez l’équipe vers laquelle cette règle oriente les dossiers
err-cases-tags = 10 étiquettes de 40 caractères au maximum

## triage/csat.rs
err-cases-csat-score = Choisissez de 1 (très insatisfaisant) à 5 (très satisfaisant).
err-cases-csat-comment = Utilisez 2 000 caractères au maximum.
err-cases-csat-answered = cette enquête a déjà reçu une réponse ; merci
err-cases-csat-expired = ce lien d’enquête a expiré

## triage/worker/mod.rs
err-cases-triage-busy = une autre instance exécute le tri sur cette base de données ; arrêtez-la ou laissez-la terminer

## triage/worker/placing.rs
err-cases-incident-vanished = le dossier d’incident a disparu
