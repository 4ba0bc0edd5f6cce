{{/*
Expand the name of the chart.
*/}}
{{- define "pollux.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name.
We truncate at 63 chars because some Kubernetes name fields are limited to this (by the DNS naming spec).
If release name contains chart name it will be used as a full name.
*/}}
{{- define "pollux.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Create chart name and version as used by the chart label.
*/}}
{{- define "pollux.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels
*/}}
{{- define "pollux.labels" -}}
helm.sh/chart: {{ include "pollux.chart" . }}
{{ include "pollux.selectorLabels" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Selector labels
*/}}
{{- define "pollux.selectorLabels" -}}
app.kubernetes.io/name: {{ include "pollux.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/*
Create the name of the service account to use
*/}}
{{- define "pollux.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "pollux.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Names of the chart's other objects.
*/}}
{{- define "pollux.managementName" -}}
{{- printf "%s-management" (include "pollux.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "pollux.certificatesClaimName" -}}
{{- default (printf "%s-certificates" (include "pollux.fullname" .)) .Values.certificates.persistence.existingClaim }}
{{- end }}

{{- define "pollux.contentClaimName" -}}
{{- default (printf "%s-content" (include "pollux.fullname" .)) .Values.content.existingClaim }}
{{- end }}

{{/*
True when capsule content comes from a volume (an existing claim or one the chart creates).
*/}}
{{- define "pollux.contentVolume" -}}
{{- if or .Values.content.existingClaim .Values.content.persistence.enabled }}true{{ end }}
{{- end }}

{{/*
A capsule's short name, usable in object, volume and directory names, from its host name alone
so that reordering capsules renames nothing: "example-org", "wildcard-users-example-org". A long
or non-ASCII host name is shortened and made unique with a hash of the name.
*/}}
{{- define "pollux.capsuleKey" -}}
{{- $host := .capsule.hostname | default "localhost" }}
{{- $plain := $host | lower | replace "*" "wildcard" | replace "." "-" }}
{{- $safe := regexReplaceAll "[^a-z0-9-]" $plain "x" }}
{{- if and (eq $safe $plain) (le (len $plain) 40) }}
{{- $plain }}
{{- else }}
{{- printf "%s-%s" ($safe | trunc 32 | trimSuffix "-") (sha256sum $host | trunc 7) }}
{{- end }}
{{- end }}

{{/*
The capsule's own TLS Secret: tls.secretName, or the one the chart's cert-manager Certificate writes.
*/}}
{{- define "pollux.capsuleTlsSecret" -}}
{{- $tls := .capsule.tls | default dict }}
{{- if $tls.secretName }}
{{- $tls.secretName }}
{{- else if $tls.certManager }}
{{- printf "%s-tls-%s" .fullname (include "pollux.capsuleKey" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/*
The server's application.yml: the values' config block under "pollux", with the listener
port, the PROXY protocol, the certificate directory, and the capsules (content roots and certificate files pointing
at the pod's mounts) filled in by the chart.
*/}}
{{- define "pollux.applicationYaml" -}}
{{- $root := . }}
{{- $fullname := include "pollux.fullname" . }}
{{- $pollux := deepCopy (.Values.config | default dict) }}
{{- $server := get $pollux "server" | default dict }}
{{- $_ := set $server "port" (int .Values.containerPorts.gemini) }}
{{- if and (ne (int .Values.service.port) (int .Values.containerPorts.gemini)) (not (hasKey $server "public-port")) }}
{{- $_ := set $server "public-port" (int .Values.service.port) }}
{{- end }}
{{- if .Values.proxyProtocol.enabled }}
{{- if not .Values.proxyProtocol.trustedProxies }}
{{- fail "proxyProtocol.trustedProxies: proxyProtocol.enabled needs the address ranges the load balancer's connections come from, such as 10.0.0.0/16" }}
{{- end }}
{{- $_ := set $server "proxy-protocol" true }}
{{- $_ := set $server "trusted-proxies" .Values.proxyProtocol.trustedProxies }}
{{- end }}
{{- $_ := set $pollux "server" $server }}
{{- $tls := get $pollux "tls" | default dict }}
{{- $_ := set $tls "certificate-directory" .Values.certificates.mountPath }}
{{- if .Values.sessionTicketKeys.existingSecret }}
{{- $_ := set $tls "session-ticket-keys" (printf "%s/%s" .Values.sessionTicketKeys.mountPath .Values.sessionTicketKeys.key) }}
{{- end }}
{{- $_ := set $pollux "tls" $tls }}
{{- if .Values.redis.enabled }}
{{- if not .Values.redis.host }}
{{- fail "redis.host: redis.enabled needs the Redis server's host name, such as redis-master.redis.svc.cluster.local" }}
{{- end }}
{{- $_ := set $pollux "rate-limit-store" "redis" }}
{{- end }}
{{- $capsules := list }}
{{- range $index, $capsule := .Values.capsules }}
{{- $out := omit $capsule "tls" "files" "directory" }}
{{- $ctx := dict "capsule" $capsule "index" $index "fullname" $fullname }}
{{- $key := include "pollux.capsuleKey" $ctx }}
{{- if $capsule.files }}
{{- $_ := set $out "root" (printf "%s/%s" $root.Values.content.inlineMountPath $key) }}
{{- else if include "pollux.contentVolume" $root }}
{{- if and (contains "*" ($capsule.hostname | default "")) (not $capsule.directory) }}
{{- fail (printf "capsules[%d]: a wildcard host name needs directory, containing {subdomain}, such as users/{subdomain}" $index) }}
{{- end }}
{{- $_ := set $out "root" (printf "%s/%s" $root.Values.content.mountPath ($capsule.directory | default ($capsule.hostname | default "localhost"))) }}
{{- end }}
{{- if include "pollux.capsuleTlsSecret" $ctx }}
{{- $dir := printf "%s/%s" $root.Values.tlsMountPath $key }}
{{- $_ := set $out "tls" (dict "certificate" (printf "%s/tls.crt" $dir) "private-key" (printf "%s/tls.key" $dir)) }}
{{- end }}
{{- $capsules = append $capsules $out }}
{{- end }}
{{- if $capsules }}
{{- $_ := set $pollux "capsules" $capsules }}
{{- end }}
{{- $document := deepCopy (.Values.extraConfig | default dict) }}
{{- $management := get $document "management" | default dict }}
{{- $managementServer := get $management "server" | default dict }}
{{- $_ := set $managementServer "port" (int .Values.containerPorts.management) }}
{{- /* Pollux binds the Actuator to loopback unless told otherwise; the kubelet's probes and Prometheus call the pod's address. */}}
{{- if not (hasKey $managementServer "address") }}
{{- $_ := set $managementServer "address" "0.0.0.0" }}
{{- end }}
{{- $_ := set $management "server" $managementServer }}
{{- $_ := set $document "management" $management }}
{{- if .Values.redis.enabled }}
{{- $spring := get $document "spring" | default dict }}
{{- $data := get $spring "data" | default dict }}
{{- $redis := get $data "redis" | default dict }}
{{- $_ := set $redis "host" .Values.redis.host }}
{{- $_ := set $redis "port" (int .Values.redis.port) }}
{{- if .Values.redis.username }}
{{- $_ := set $redis "username" .Values.redis.username }}
{{- end }}
{{- if .Values.redis.tls }}
{{- $_ := set $redis "ssl" (dict "enabled" true) }}
{{- end }}
{{- $_ := set $data "redis" $redis }}
{{- $_ := set $spring "data" $data }}
{{- $_ := set $document "spring" $spring }}
{{- end }}
{{- $_ := set $document "pollux" $pollux }}
{{- toYaml $document }}
{{- end }}

{{/*
The container image.
*/}}
{{- define "pollux.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) }}
{{- end }}

{{/*
The image starts `java @/app/jvm.options -XX:SharedArchiveFile=... @/app/jvm-extra.options -jar ...`:
jvm.options is the repository's, built into the image; this file adds .Values.jvmOptions after it,
so they override it.
*/}}
{{- define "pollux.jvmExtraOptions" -}}
# Added to the image's /app/jvm.options by the chart (value jvmOptions); these win.
{{- range .Values.jvmOptions }}
{{ . }}
{{- end }}
{{- end }}
