# Cuenta: inicio de sesión, registro, restablecer la contraseña, la página de la cuenta, perfiles y notificaciones.

## Iniciar sesión

account-login-title = Iniciar sesión
account-login-providers = Entrar con
account-login-with = Entrar con { $provider }
account-login-or = O inicia sesión con tu dirección de correo electrónico y tu contraseña:
account-field-email = Dirección de correo electrónico
account-field-password = Contraseña
account-login-submit = Iniciar sesión
account-login-forgot = ¿Has olvidado tu contraseña?
account-login-new = ¿Es tu primera vez aquí?
account-login-create = Crea una cuenta
account-login-off = El inicio de sesión con contraseña está desactivado y no hay ningún proveedor de acceso configurado. Pregunta a quien administra el sitio.
account-login-enter-email = Escribe tu dirección de correo electrónico.
account-login-enter-password = Escribe tu contraseña.
account-login-mismatch = Esa dirección de correo y esa contraseña no corresponden a ninguna cuenta.
account-login-password-off = En este sitio está desactivado el inicio de sesión con contraseña. Usa uno de los botones de acceso.
account-login-too-many = { $n ->
    [one] Demasiados intentos fallidos. Espera { $n } segundo y vuelve a intentarlo.
   *[other] Demasiados intentos fallidos. Espera { $n } segundos y vuelve a intentarlo.
}
account-suspended = Esta cuenta está suspendida. Si crees que es un error, ponte en contacto con el equipo de la comunidad.
account-welcome-new = ¡Te damos la bienvenida, { $name }! Tu cuenta está lista.
account-welcome-back = Hola de nuevo, { $name }.
account-logged-out = Has cerrado la sesión.

## Proveedores de acceso

account-oidc-unknown = No existe ese proveedor de acceso.
account-oidc-unreachable = No se pudo contactar con el proveedor de acceso. Vuelve a intentarlo en un momento.
account-oidc-denied = El proveedor de acceso no te ha dejado entrar: { $detail }
account-oidc-expired = Este inicio de sesión ha caducado o se empezó en otro navegador. Vuelve a empezar.
account-oidc-invalid = No se pudo verificar la respuesta del proveedor de acceso, así que no has iniciado sesión.
account-oidc-unverified = El proveedor de acceso no ha confirmado tu dirección de correo, así que no se puede asociar a ninguna cuenta. Verifícala allí y vuelve a intentarlo.
account-oidc-no-account = No hay ninguna cuenta para { $email }. Pide a un responsable de la comunidad que te cree una.
account-oidc-too-many = { $n ->
    [one] Demasiados inicios de sesión desde tu dirección. Espera { $n } segundo.
   *[other] Demasiados inicios de sesión desde tu dirección. Espera { $n } segundos.
}
account-oidc-failed = Algo ha fallado por nuestra parte. Vuelve a intentarlo.

## Registrarse

account-signup-title = Registrarse
account-signup-heading = Crea tu cuenta
account-field-name = Tu nombre
account-field-name-hint = Se muestra junto a lo que publicas.
account-field-password-hint = Al menos 10 caracteres.
account-signup-submit = Crear la cuenta
account-signup-have-account = ¿Ya tienes una cuenta?
account-signup-login = Inicia sesión

## Restablecer la contraseña

account-reset-title = Restablece tu contraseña
account-reset-intro = Escribe la dirección de tu cuenta y te enviaremos un enlace por correo.
account-reset-submit = Enviar el enlace
account-reset-sent = { $n ->
    [one] Si alguna cuenta usa { $email }, le hemos enviado un enlace para elegir una contraseña nueva. El enlace funciona durante { $n } minuto.
   *[other] Si alguna cuenta usa { $email }, le hemos enviado un enlace para elegir una contraseña nueva. El enlace funciona durante { $n } minutos.
}
account-reset-back = Volver a iniciar sesión
account-reset-too-many = { $n ->
    [one] Demasiadas solicitudes de restablecimiento. Vuelve a intentarlo dentro de { $n } minuto.
   *[other] Demasiadas solicitudes de restablecimiento. Vuelve a intentarlo dentro de { $n } minutos.
}
account-newpw-title = Elige una contraseña nueva
account-field-new-password = Contraseña nueva
account-newpw-submit = Guardar la contraseña
account-newpw-expired = Este enlace ha caducado o ya se usó.
account-newpw-again = Pedir un enlace nuevo
account-newpw-done = Tu contraseña se ha cambiado y has iniciado sesión.

## La página de la cuenta

account-title = Tu cuenta
account-profile = Perfil
account-name = Nombre
account-role = Rol
account-member-since = Miembro desde
account-password-heading = Cambiar la contraseña
account-field-current-password = Contraseña actual
account-field-new-password-hint = Al menos 10 caracteres. Se cerrará tu sesión en todos los dispositivos.
account-password-submit = Cambiar la contraseña
account-password-changed = Contraseña cambiada. Se ha cerrado la sesión en los demás dispositivos.
account-language = Idioma
account-language-intro = Las páginas y los correos de este sitio se escriben en el idioma que elijas aquí.
account-language-label = Mostrar páginas y correos en
account-language-browser = Seguir a mi navegador
account-language-save = Guardar el idioma
account-language-saved = Las páginas y los correos están ahora en español.
account-language-follows = Las páginas y los correos siguen ahora el idioma de tu navegador.
account-language-invalid = Elige uno de los idiomas ofrecidos.
account-tokens = Tokens de API
account-tokens-intro = Los tokens permiten que los programas usen la API de Chorus en tu nombre. Un programa envía su token en esta cabecera:
account-tokens-api = Lee la descripción de la API de Chorus (OpenAPI)
account-token-created = Token «{ $name }» creado.
account-token-copy = Cópialo ahora: no se volverá a mostrar.
account-token-name = Nombre del token
account-token-name-example = p. ej. exportación de CI
account-token-create = Crear el token
account-tokens-caption = Tus tokens
account-token-prefix = Empieza por
account-token-created-at = Creado
account-token-last-used = Último uso
account-token-status = Estado
account-token-revoked = Revocado
account-token-revoke = Revocar
account-token-revoke-named = Revocar el token { $name }
account-token-never = Nunca
account-tokens-none = Todavía no hay tokens.
account-token-revoked-flash = Token revocado.

## Perfiles de miembros

account-profile-member-since = miembro desde el { $date }
account-profile-topics = { $n ->
    [one] tema
   *[other] temas
}
account-profile-replies = { $n ->
    [one] respuesta
   *[other] respuestas
}
account-profile-accepted = { $n ->
    [one] respuesta aceptada
   *[other] respuestas aceptadas
}
account-profile-record = Historial (solo el equipo)
account-profile-trust-is = Nivel de confianza: { $level }
account-profile-silenced-until = Silenciado hasta el { $date }
account-profile-upheld = { $n ->
    [one] { $n } acción de moderación confirmada
   *[other] { $n } acciones de moderación confirmadas
}
account-profile-chart = Publicaciones ofensivas por mes
account-profile-months = Publicaciones por mes: constructivas y ofensivas
account-profile-month = Mes
account-profile-constructive = Constructivas
account-profile-abusive = Ofensivas
account-profile-trust-label = Nivel de confianza
account-profile-set-level = Fijar el nivel
account-profile-reason = Motivo
account-profile-lift = Quitar el silencio
account-profile-accepted-heading = Respuestas aceptadas
account-profile-none = Aún no hay ninguna.
account-profile-accepted-badge = Aceptada
account-profile-official = Respuesta oficial
account-profile-topics-heading = Temas
account-profile-replies-heading = Respuestas
account-trust-new = Miembro nuevo
account-trust-basic = Básico
account-trust-member = Habitual
account-trust-trusted = De confianza
account-record-none = Aún no hay publicaciones.
account-record-constructive = { $n ->
    [one] Constructivo: { $n } publicación, ninguna ofensiva.
   *[other] Constructivo: { $n } publicaciones, ninguna ofensiva.
}
account-record-few = Muy pocas publicaciones para hablar de un patrón: { $abusive } de { $total } ofensivas. Lee la publicación en sí.
account-record-mostly = Mayormente constructivo: { $abusive } de { $total } publicaciones ofensivas ({ $share } %); seguramente un cliente frustrado.
account-record-often = { $upheld ->
    [one] A menudo ofensivo: { $abusive } de { $total } publicaciones ({ $share } %), { $upheld } acción de moderación confirmada; trátalo como un patrón, no como un caso aislado.
   *[other] A menudo ofensivo: { $abusive } de { $total } publicaciones ({ $share } %), { $upheld } acciones de moderación confirmadas; trátalo como un patrón, no como un caso aislado.
}

## Notificaciones

account-notifications-title = Notificaciones
account-notifications-read-all = Marcar todas como leídas
account-notifications-settings = Ajustes de correo
account-notifications-empty = Aún no hay nada. Aquí te enterarás de las respuestas a tus temas y a los temas que sigues, de las respuestas aceptadas y de los cambios de estado de las ideas.
account-notifications-new = Nueva
account-notifications-older-nav = Notificaciones anteriores
account-notifications-older = Anteriores
account-notifications-marked = { $n ->
    [one] { $n } marcada como leída.
   *[other] { $n } marcadas como leídas.
}
account-notify-withheld = Una publicación de la que recibiste aviso ya no está disponible
account-notify-someone = Alguien
account-notify-a-topic = un tema
account-notify-reply-own = { $who } respondió a tu tema «{ $title }»
account-notify-reply-followed = { $who } respondió en «{ $title }»
account-notify-accepted = { $who } aceptó tu respuesta en «{ $title }»
account-notify-status = «{ $title }» está ahora en estado { $status }
account-notify-case-note = { $who } te mencionó en una nota de { $detail }
account-notify-moderation-on = Moderación, sobre «{ $title }»: { $detail }
account-notify-moderation = Moderación: { $detail }
account-notify-other = { $kind } en «{ $title }»
account-idea-open = Abierta
account-idea-under-review = En revisión
account-idea-planned = Planificada
account-idea-started = En marcha
account-idea-done = Hecha
account-idea-declined = Descartada
account-idea-duplicate = Duplicada
account-email-title = Ajustes de correo
account-email-intro = Las notificaciones siempre aparecen en la campana. Elige cuáles te llegan también por correo.
account-email-when = Enviarme un correo cuando
account-email-replies = alguien responde a mis temas o a temas que sigo
account-email-accepted = aceptan mi respuesta
account-email-status = una idea que sigo o que voté cambia de estado
account-email-save = Guardar
account-email-back = Volver a las notificaciones
account-email-saved = Tus preferencias de correo están guardadas.
