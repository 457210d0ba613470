# E-mails : chaque message envoyé par le hub, dans la langue du destinataire (alertes,
# synthèses et escalades vers des adresses sans compte membre : dans la langue du hub).

mail-hello = Bonjour { $name },
mail-hello-anonymous = Bonjour,

## Réinitialisation et changement du mot de passe

mail-reset-subject = Réinitialisez votre mot de passe { $hub }
mail-reset-body =
    Quelqu’un (vous, nous l’espérons) a demandé à réinitialiser le mot de passe de votre compte { $hub }.
    Ouvrez ce lien dans un délai de { $n ->
        [one] { $n } minute
       *[other] { $n } minutes
    } pour choisir un nouveau mot de passe :
mail-reset-ignore = Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.
mail-password-changed-subject = Votre mot de passe { $hub } a été modifié
mail-password-changed-body =
    Le mot de passe de votre compte { $hub } vient d’être modifié et toutes les sessions ont été fermées.
    Si ce n’était pas vous, réinitialisez sans attendre votre mot de passe ici : { $link }

## La question d’un invité

mail-guest-subject = Publiez votre question sur { $hub }
mail-guest-body = Quelqu’un (vous, nous l’espérons) a posé une question sur { $hub } avec cette adresse. Ouvrez ce lien dans un délai de { $n ->
        [one] { $n } heure
       *[other] { $n } heures
    } pour la voir et la publier :
mail-guest-ignore = Si vous n’avez rien demandé, ignorez ce message : rien n’est publié.

## Notifications de la communauté

mail-notify-reply-own-subject = Nouvelle réponse à « { $title } »
mail-notify-reply-own = { $actor } a répondu à votre sujet « { $title } ».
mail-notify-reply-followed-subject = Nouvelle réponse dans « { $title } »
mail-notify-reply-followed = { $actor } a répondu dans « { $title } », un sujet que vous suivez.
mail-notify-accepted-subject = Votre réponse a été acceptée : « { $title } »
mail-notify-accepted = { $actor } a accepté votre réponse dans « { $title } ». Merci pour votre aide !
mail-notify-status-subject = Nouveau statut pour « { $title } » : { $status }
mail-notify-status = L’idée « { $title } » a désormais le statut « { $status } ».
mail-notify-footer = Vous recevez cet e-mail de la part de { $hub }. Choisissez les e-mails que vous recevez ici : { $link }
mail-idea-status-open = Ouverte
mail-idea-status-under-review = En cours d’examen
mail-idea-status-planned = Prévue
mail-idea-status-started = Commencée
mail-idea-status-done = Réalisée
mail-idea-status-declined = Refusée
mail-idea-status-duplicate = Doublon

## Rappels des séances de questions

mail-town-hall-subject = Bientôt en direct : { $title }
mail-town-hall-body = « { $title } » sur { $hub } commence le { $time }. Posez vos questions, votez pour celles des autres et suivez les réponses en direct :
mail-town-hall-why = Vous recevez ce message parce que vous suivez l’événement ; vous pouvez ne plus le suivre depuis sa page.

## Invitations au programme d’ambassadeurs

mail-invite-subject = Une invitation de la part de { $hub }
mail-invite-signature = — { $actor }, pour { $hub }

## Enquêtes de satisfaction

mail-csat-subject = Qu’avez-vous pensé de notre aide ? « { $subject } »
mail-csat-body = Nous avons marqué votre demande « { $subject } » comme résolue. Quel est votre niveau de satisfaction concernant l’aide apportée par { $hub } ? Un clic, et un commentaire si vous le souhaitez :
mail-csat-expiry = { $n ->
    [one] Le lien ne fonctionne qu’une fois, pendant { $n } jour.
   *[other] Le lien ne fonctionne qu’une fois, pendant { $n } jours.
}
mail-csat-reply = Ravis d’avoir pu vous aider ! Qu’avez-vous pensé de notre aide ? Notez-nous de 1 à 5 : { $link }

## Webhooks désactivés

mail-webhook-off-subject = Webhook désactivé : { $receiver }
mail-webhook-off-receiver = son destinataire
mail-webhook-off-body =
    Le webhook { $id } (vers { $receiver }) a été désactivé car { $n ->
        [one] { $n } livraison a échoué
       *[other] { $n } livraisons ont échoué
    } d’affilée.
    Son journal de livraisons indique ce que le destinataire a répondu : { $link }
mail-webhook-off-fix = Réactivez-le quand le destinataire fonctionnera de nouveau ({ $request } avec { $json }), puis relivrez depuis le journal ce qu’il a manqué.

## La synthèse des rapports

mail-digest-subject-daily = { $hub } — synthèse quotidienne : { $mentions ->
        [one] { $mentions } mention
       *[other] { $mentions } mentions
    }, { $cases ->
        [one] { $cases } dossier
       *[other] { $cases } dossiers
    }
mail-digest-subject-weekly = { $hub } — synthèse hebdomadaire : { $mentions ->
        [one] { $mentions } mention
       *[other] { $mentions } mentions
    }, { $cases ->
        [one] { $cases } dossier
       *[other] { $cases } dossiers
    }
mail-digest-preview = {"["}aperçu] { $subject }
mail-digest-title = { $hub } : ce que les clients ont dit du { $from } au { $to }
mail-digest-mentions = Mentions : { $mentions } (portée { $reach })
mail-digest-sentiment = Tonalité : { $negative ->
        [one] { $negative } négative
       *[other] { $negative } négatives
    }, { $neutral ->
        [one] { $neutral } neutre
       *[other] { $neutral } neutres
    }, { $positive ->
        [one] { $positive } positive
       *[other] { $positive } positives
    }
mail-digest-cases = Dossiers : { $opened ->
        [one] { $opened } ouvert
       *[other] { $opened } ouverts
    }, délai médian de première réponse { $first }, délai médian de résolution { $resolution }, SLA respecté { $sla }
mail-digest-no-responses = pas encore de réponse
mail-digest-none-resolved = aucun résolu pour l’instant
mail-digest-no-cases-due = aucun dossier arrivé à échéance pour l’instant
mail-digest-minutes = { $value } min
mail-digest-hours = { $value } h
mail-digest-percent = { $value } %
mail-digest-community = Communauté : { $n ->
        [one] { $n } sujet
       *[other] { $n } sujets
    }, réponses entre membres { $peer }
mail-digest-no-answers = pas encore de réponse de membre
mail-digest-deflection = Taux de déflexion : { $rate }
mail-digest-cost = Coût par demande : { $cost }
mail-digest-money = { $amount } { $currency }
mail-digest-no-issues = aucune demande traitée pour l’instant
mail-digest-themes = Principaux thèmes :
mail-digest-theme = { $theme } — { $n ->
        [one] { $n } mention
       *[other] { $n } mentions
    } ({ $change })
mail-digest-theme-rising = { $theme } — { $n ->
        [one] { $n } mention
       *[other] { $n } mentions
    } ({ $change }), en hausse
mail-digest-theme-new = nouveau
mail-digest-dashboard = Le tableau de bord : { $link }

## Escalades vers le support

mail-escalation-subject = {"["}{ $hub }] Dossier #{ $id } escaladé : { $subject }
mail-escalation-intro = { $actor } a escaladé ce dossier.
mail-escalation-facts =
    Priorité : { $priority }
    Client : { $customer }
    Source : { $source }
    Lien : { $link }
mail-transcript-title = Dossier #{ $id } — { $subject }
mail-transcript-facts = Canal : { $channel }  Priorité : { $priority }  État : { $state }
mail-transcript-customer = client
mail-priority-urgent = urgente
mail-priority-high = haute
mail-priority-normal = normale
mail-priority-low = basse
mail-case-state-new = nouveau
mail-case-state-open = ouvert
mail-case-state-pending = en attente
mail-case-state-resolved = résolu
mail-case-state-closed = fermé

## Alertes (vers les adresses et le chat de l’équipe, et dans le journal des alertes)

mail-alert-spike-title = { $rule } : pic pour { $what }
mail-alert-spike-all = toutes les mentions
mail-alert-spike-theme = le thème « { $theme } »
mail-alert-spike-body = { $what } : { $n ->
        [one] { $n } mention
       *[other] { $n } mentions
    } dans l’heure commençant à { $hour } UTC, soit { $ratio }× la valeur habituelle d’environ { $expected } pour cette heure de la journée ({ $z } écarts types au-dessus).
mail-alert-spike-body-far = { $what } : { $n ->
        [one] { $n } mention
       *[other] { $n } mentions
    } dans l’heure commençant à { $hour } UTC, bien au-dessus de la valeur habituelle d’environ { $expected } pour cette heure de la journée ({ $z } écarts types au-dessus).
mail-alert-spike-channels = Par canal : { $channels }. Négatives : { $negative } sur { $total }.
mail-alert-sla-title = { $rule } : le dossier #{ $id } a manqué son objectif de { $target }
mail-alert-sla-body = { $subject } (priorité { $priority }, { $channel }, équipe { $team })
mail-alert-sla-no-team = aucune
mail-sla-target-first-response = première réponse
mail-sla-target-next-response = réponse suivante
mail-sla-target-resolution = résolution
mail-alert-mention-title = { $rule } — { $author } sur { $channel }
mail-alert-mention-body = { $author } ({ $n ->
        [one] { $n } abonné
       *[other] { $n } abonnés
    }, { $sentiment }, { $intent }) :
mail-sentiment-negative = négatif
mail-sentiment-neutral = neutre
mail-sentiment-positive = positif
mail-intent-complaint = réclamation
mail-intent-question = demande d’information
mail-intent-praise = compliment
mail-intent-idea = idée
mail-intent-other = autre
