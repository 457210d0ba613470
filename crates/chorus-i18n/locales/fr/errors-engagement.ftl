# Messages of engagement refusals and conflicts, written by the service (see chorus_i18n::Text).

## engagement/mod.rs
err-engage-praise-target = Indiquez soit un mention_id, soit un topic_id.
err-engage-praise-taken = quelqu’un s’en est déjà occupé ; rechargez la file
err-engage-praise-empty = Écrivez d’abord quelque chose.
err-engage-too-long = Utilisez au plus { $max } caractères.
err-engage-praise-cannot-post = Chorus ne peut pas publier sur { $channel } pour cette mention (elle est arrivée sans compte connecté) ; remerciez la personne là où elle a publié
err-engage-invite-empty = Décrivez ce que le programme offre et comment le rejoindre.
err-engage-invite-again = { $name } a déjà reçu une invitation

## engagement/town_halls.rs
err-engage-event-no-time = Indiquez une date et une heure.
err-engage-event-bad-time = { $value } n’est ni une heure comme 2026-12-10T15:00 (UTC) ni une heure RFC 3339
err-engage-event-title = Utilisez de 3 à 150 caractères.
err-engage-event-order = La fin doit être postérieure au début.
err-engage-event-too-long = Une séance de questions dure 7 jours au plus.
err-engage-event-hosts-max = 10 animateurs au plus.
err-engage-event-host-not-staff = L’utilisateur { $id } ne fait pas partie de l’équipe.
err-engage-event-ended-archive = cette séance de questions est terminée ; ses questions sont désormais une archive
err-engage-event-question-short = Votre question doit compter au moins 5 caractères.
err-engage-event-blocked = Cette question ne peut pas être publiée : elle contient des mots que cette communauté n’autorise pas.
err-engage-event-ended = cette séance de questions est terminée
err-engage-event-answer-empty = Écrivez d’abord la réponse.
err-engage-event-merged = cette question a été fusionnée avec une autre ; répondez plutôt à l’autre
err-engage-event-merge-into = Choisissez une autre question de cette séance qui n’est pas elle-même fusionnée.
err-engage-event-visibility = { $value } doit valoir visible ou hidden

## moderation/mod.rs
err-engage-mod-reason-missing = Indiquez un motif : l’auteur et le journal public le voient.
err-engage-mod-settled = Cet élément a déjà été traité ({ $resolution ->
        [approve] approuvé
        [edit] modifié et publié
        [hide] masqué
        [delete] supprimé
        [warn] auteur averti
        [silence] auteur réduit au silence
        [suspend] auteur suspendu
        [resolved] traité
       *[other] { $resolution }
    }).
err-engage-mod-staff = Les comptes de l’équipe sont gérés par les administrateurs, pas depuis la file.
err-engage-mod-days = Le silence dure de 1 à 365 jours.
err-engage-mod-settled-first = Un autre modérateur a traité cet élément en premier.
err-engage-mod-flag-target = Signalez un `topic` ou un `reply`.
err-engage-mod-flag-note = Dites ce qui ne va pas.
err-engage-mod-own-post = Vous ne pouvez pas signaler votre propre publication ; modifiez-la ou supprimez-la plutôt.

## moderation/settings.rs
err-engage-mod-filter-action = Choisissez une action.
err-engage-mod-filter-exists = Il existe déjà un filtre pour { $pattern }.
