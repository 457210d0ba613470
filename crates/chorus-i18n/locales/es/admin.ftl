# Administración: usuarios (roles, suspensiones) y el registro de auditoría.

admin-users-title = Usuarios
admin-audit-title = Registro de auditoría
admin-sources-link = Fuentes
admin-users-filter-label = Filtrar usuarios
admin-users-search = Buscar
admin-users-search-placeholder = Nombre o correo electrónico
admin-users-role = Rol
admin-users-any-role = Cualquiera
admin-users-filter = Filtrar
admin-users-shown = { $n ->
    [one] { $n } usuario mostrado
   *[other] { $n } usuarios mostrados
}
admin-col-name = Nombre
admin-col-email = Correo electrónico
admin-col-role = Rol
admin-col-status = Estado
admin-col-joined = Alta
admin-col-actions = Acciones
admin-role-of = Rol de { $name }
admin-role-change = Cambiar
admin-role-change-which = el rol de { $name }
admin-status-suspended = Suspendido
admin-status-active = Activo
admin-reinstate = Readmitir
admin-suspend = Suspender
admin-suspend-reason-for = Motivo para suspender a { $name }
admin-suspend-reason-placeholder = Motivo
admin-users-none = Ningún usuario coincide.
admin-pages = Páginas
admin-users-older = Usuarios anteriores

admin-audit-newest = { $n ->
    [one] La entrada más reciente ({ $n })
   *[other] Las { $n } entradas más recientes
}
admin-col-when = Cuándo
admin-col-who = Quién
admin-col-action = Acción
admin-col-target = Objetivo
admin-col-detail = Detalle
admin-audit-empty = Todavía no hay nada.
admin-audit-system = sistema

admin-flash-role-changed = { $name } ahora es { $role }.
admin-flash-suspended = { $name } está suspendido y se ha cerrado su sesión en todas partes.
admin-flash-reinstated = { $name } ha sido readmitido.
