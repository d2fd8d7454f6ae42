{{/* The release's full name, cut to 63 characters. */}}
{{- define "pib.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "pib.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "pib.selector" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "pib.serviceAccount" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "pib.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name: name an existing ServiceAccount when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The Secret that holds the registry password, and its key. */}}
{{- define "pib.secretName" -}}
{{- default (printf "%s-registry" (include "pib.fullname" .)) .Values.customImage.existingSecret -}}
{{- end -}}
{{- define "pib.secretKey" -}}
{{- if .Values.customImage.existingSecret -}}{{ .Values.customImage.existingSecretKey }}{{- else -}}password{{- end -}}
{{- end -}}
