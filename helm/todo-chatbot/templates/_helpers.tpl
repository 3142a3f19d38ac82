{{/*
Chart name, truncated for use in labels.
*/}}
{{- define "todo-chatbot.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The in-chart PostgreSQL's client Service (a ClusterIP), the host of DATABASE_URL.
*/}}
{{- define "todo-chatbot.postgresqlHost" -}}
{{- include "todo-chatbot.fullname" . }}-postgresql-primary
{{- end }}

{{/*
Full name: the prefix of every object name. Truncated to 40 characters so
that the longest suffix ("-postgresql-primary") stays within a DNS label and
"-postgresql" leaves a StatefulSet name short enough for its pods'
controller-revision-hash label.
*/}}
{{- define "todo-chatbot.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "todo-chatbot.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels. Call with (dict "ctx" $ "component" "backend").
*/}}
{{- define "todo-chatbot.labels" -}}
helm.sh/chart: {{ include "todo-chatbot.chart" .ctx }}
{{ include "todo-chatbot.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/part-of: todo-chatbot
{{- end }}

{{/*
Selector labels. Call with (dict "ctx" $ "component" "backend").
*/}}
{{- define "todo-chatbot.selectorLabels" -}}
app.kubernetes.io/name: {{ include "todo-chatbot.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
{{- if .component }}
app.kubernetes.io/component: {{ .component }}
{{- end }}
{{- end }}

{{- define "todo-chatbot.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "todo-chatbot.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Name of the Secret the pods read: existingSecret, or the chart's own.
*/}}
{{- define "todo-chatbot.secretName" -}}
{{- if .Values.existingSecret }}
{{- .Values.existingSecret }}
{{- else }}
{{- printf "%s-secrets" (include "todo-chatbot.fullname" .) }}
{{- end }}
{{- end }}

{{/*
Image reference. Call with (dict "ctx" $ "image" .Values.backend.image).
*/}}
{{- define "todo-chatbot.image" -}}
{{- if .image.digest }}
{{- printf "%s@%s" .image.repository .image.digest }}
{{- else }}
{{- printf "%s:%s" .image.repository (default .ctx.Chart.AppVersion .image.tag) }}
{{- end }}
{{- end }}

{{/*
Non-secret environment of the API: the ConfigMap's data. Its checksum is
the backend pods' checksum/config annotation.
*/}}
{{- define "todo-chatbot.configData" -}}
PORT: {{ .Values.backend.containerPort | quote }}
LOG_LEVEL: {{ .Values.backend.logLevel | quote }}
TRUSTED_PROXIES: {{ .Values.backend.trustedProxies | quote }}
SHUTDOWN_DRAIN_MS: {{ mul .Values.backend.shutdownDrainSeconds 1000 | quote }}
LLM_BASE_URL: {{ .Values.backend.llm.baseUrl | quote }}
LLM_MODEL: {{ .Values.backend.llm.model | quote }}
{{- /* Served over HTTPS (this chart's Ingress, or the stack's): the session cookie is Secure. */}}
COOKIE_SECURE: {{ .Values.ingress.tls.enabled | toString | quote }}
{{- end }}

{{/*
Data of the chart's own Secret (base64 values, as YAML). Generated values are
reused from the Secret in the cluster (lookup) so that upgrades keep them.
Computed once per render and memoized, so that the Secret and the
checksum/secret annotation see the same random values on a first install.
*/}}
{{- define "todo-chatbot.secretData" -}}
{{- if not (hasKey .Values "__todoChatbotSecretData") }}
{{- $name := printf "%s-secrets" (include "todo-chatbot.fullname" .) }}
{{- $old := dict }}
{{- with lookup "v1" "Secret" .Release.Namespace $name }}
{{- $old = default (dict) .data }}
{{- end }}
{{- $pgPassword := randAlphaNum 32 }}
{{- if hasKey $old "POSTGRES_PASSWORD" }}
{{- $pgPassword = index $old "POSTGRES_PASSWORD" | b64dec }}
{{- end }}
{{- $authSecret := randAlphaNum 48 }}
{{- if hasKey $old "AUTH_SECRET" }}
{{- $authSecret = index $old "AUTH_SECRET" | b64dec }}
{{- end }}
{{- $databaseUrl := .Values.externalDatabase.url }}
{{- if .Values.postgresql.enabled }}
{{- $databaseUrl = printf "postgres://%s:%s@%s:5432/%s" (.Values.postgresql.auth.username | urlquery) ($pgPassword | urlquery) (include "todo-chatbot.postgresqlHost" .) .Values.postgresql.auth.database }}
{{- end }}
{{- $data := dict "DATABASE_URL" ($databaseUrl | b64enc) "POSTGRES_PASSWORD" ($pgPassword | b64enc) "AUTH_SECRET" ($authSecret | b64enc) }}
{{- with .Values.backend.llm.apiKey }}
{{- $_ := set $data "OPENAI_API_KEY" (. | b64enc) }}
{{- end }}
{{- $_ := set .Values "__todoChatbotSecretData" $data }}
{{- end }}
{{- toYaml (get .Values "__todoChatbotSecretData") }}
{{- end }}

{{/*
The value of the backend pods' checksum/secret annotation: secretChecksum
when given; otherwise the checksum of the chart's own Secret data; nothing
for an existingSecret without secretChecksum.
*/}}
{{- define "todo-chatbot.secretChecksum" -}}
{{- if .Values.secretChecksum }}
{{- .Values.secretChecksum }}
{{- else if not .Values.existingSecret }}
{{- include "todo-chatbot.secretData" . | sha256sum }}
{{- end }}
{{- end }}

{{/*
"true" when a component needs a PodDisruptionBudget: more than one replica,
or an HPA whose minReplicas is above one. Call with the component's values.
*/}}
{{- define "todo-chatbot.pdbEnabled" -}}
{{- if .autoscaling.enabled }}
{{- if gt (int .autoscaling.minReplicas) 1 }}true{{ end }}
{{- else if gt (int .replicaCount) 1 }}true{{ end }}
{{- end }}

{{/*
Fail early on combinations the schema cannot express.
*/}}
{{- define "todo-chatbot.validate" -}}
{{- range $c := list "frontend" "backend" }}
{{- $v := index $.Values $c }}
{{- if and $v.autoscaling.enabled (gt (int $v.autoscaling.minReplicas) (int $v.autoscaling.maxReplicas)) }}
{{- fail (printf "%s.autoscaling.minReplicas (%d) must not exceed %s.autoscaling.maxReplicas (%d)" $c (int $v.autoscaling.minReplicas) $c (int $v.autoscaling.maxReplicas)) }}
{{- end }}
{{- end }}
{{- if and (not .Values.existingSecret) (not .Values.postgresql.enabled) (not .Values.externalDatabase.url) }}
{{- fail "postgresql.enabled=false needs a database: set externalDatabase.url, or existingSecret naming a Secret with DATABASE_URL" }}
{{- end }}
{{- if and .Values.ingress.enabled .Values.ingress.tls.enabled (not .Values.ingress.tls.secretName) }}
{{- fail "ingress.tls.enabled=true needs ingress.tls.secretName" }}
{{- end }}
{{- end }}
