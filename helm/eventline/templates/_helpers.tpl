{{- define "eventline.labels" -}}
app.kubernetes.io/part-of: eventline
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}

{{- define "eventline.secretName" -}}
{{- if .Values.postgres.existingSecret -}}{{ .Values.postgres.existingSecret }}{{- else -}}{{ .Release.Name }}-postgres{{- end -}}
{{- end -}}

{{/*
One service's workload and Services. Called with (dict "root" $ "name" "command-service" "svc" .Values.services.command
"stateful" true "kafkaPrincipal" "command-service"); a service without kafkaPrincipal does not talk to Kafka. Stateful services keep their Kafka Streams state on a volume, so a restarted pod
restores from local state instead of replaying its changelogs.
*/}}
{{- define "eventline.workload" -}}
{{- $root := .root -}}
{{- $name := printf "%s-%s" $root.Release.Name .name -}}
{{- if .stateful }}
{{- if gt (mul (int .svc.replicas) (int .svc.streamsThreads)) (int $root.Values.kafka.partitions) }}
{{- fail (printf "%s: %d replicas x %d streams threads exceed %d partitions; the extra threads would idle" .name (int .svc.replicas) (int .svc.streamsThreads) (int $root.Values.kafka.partitions)) }}
{{- end }}
{{- if and .svc.autoscaling .svc.autoscaling.enabled (gt (mul (int .svc.autoscaling.maxReplicas) (int .svc.streamsThreads)) (int $root.Values.kafka.partitions)) }}
{{- fail (printf "%s: autoscaling.maxReplicas %d x %d streams threads exceed %d partitions; pods past that would idle" .name (int .svc.autoscaling.maxReplicas) (int .svc.streamsThreads) (int $root.Values.kafka.partitions)) }}
{{- end }}
{{- end }}
{{- $autoscaled := and .svc.autoscaling .svc.autoscaling.enabled }}
apiVersion: apps/v1
kind: {{ if .stateful }}StatefulSet{{ else }}Deployment{{ end }}
metadata:
  name: {{ $name }}
  labels:
    {{- include "eventline.labels" $root | nindent 4 }}
    app.kubernetes.io/name: {{ .name }}
spec:
  {{- if not $autoscaled }}
  replicas: {{ .svc.replicas }}
  {{- end }}
  {{- if .stateful }}
  serviceName: {{ $name }}-headless
  podManagementPolicy: Parallel
  {{- end }}
  selector:
    matchLabels:
      app.kubernetes.io/name: {{ .name }}
      app.kubernetes.io/instance: {{ $root.Release.Name }}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: {{ .name }}
        app.kubernetes.io/instance: {{ $root.Release.Name }}
      annotations:
        prometheus.io/scrape: "true"
        prometheus.io/path: /prometheus
        prometheus.io/port: {{ .svc.port | quote }}
    spec:
      terminationGracePeriodSeconds: {{ $root.Values.terminationGracePeriodSeconds }}
      containers:
        - name: {{ .name }}
          image: "{{ $root.Values.image.repository }}/{{ .name }}:{{ $root.Values.image.tag }}"
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          ports:
            - name: http
              containerPort: {{ .svc.port }}
          env:
            - name: MICRONAUT_SERVER_PORT
              value: {{ .svc.port | quote }}
            - name: EVENTLINE_NAMESPACE
              value: {{ $root.Values.namespace | quote }}
            - name: EVENTLINE_PARTITIONS
              value: {{ $root.Values.kafka.partitions | quote }}
            - name: EVENTLINE_GROUP_SESSION_TIMEOUT_MS
              value: {{ $root.Values.kafka.groupSessionTimeoutMs | quote }}
            - name: KAFKA_BOOTSTRAP_SERVERS
              value: {{ $root.Values.kafka.bootstrapServers | quote }}
            {{- if .kafkaPrincipal }}
            # The broker knows this service as User:{{ .kafkaPrincipal }} (files/kafka/acls.txt).
            - name: KAFKA_SECURITY_PROTOCOL
              value: {{ $root.Values.kafka.security.protocol | quote }}
            - name: KAFKA_SASL_MECHANISM
              value: {{ $root.Values.kafka.security.saslMechanism | quote }}
            - name: KAFKA_SASL_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {{ $root.Values.kafka.security.credentialsSecret }}
                  key: {{ .kafkaPrincipal }}
            - name: KAFKA_SASL_JAAS_CONFIG
              value: 'org.apache.kafka.common.security.scram.ScramLoginModule required username="{{ .kafkaPrincipal }}" password="$(KAFKA_SASL_PASSWORD)";'
            {{- if $root.Values.kafka.security.caSecret }}
            - name: KAFKA_SSL_TRUSTSTORE_TYPE
              value: PEM
            - name: KAFKA_SSL_TRUSTSTORE_LOCATION
              value: /etc/eventline/kafka-ca/ca.crt
            {{- end }}
            {{- end }}
            - name: SCHEMA_REGISTRY_URL
              value: {{ $root.Values.schemaRegistry.url | quote }}
            - name: DATASOURCES_DEFAULT_URL
              value: {{ $root.Values.postgres.url | quote }}
            - name: DATASOURCES_DEFAULT_USERNAME
              value: {{ $root.Values.postgres.username | quote }}
            - name: DATASOURCES_DEFAULT_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {{ include "eventline.secretName" $root }}
                  key: {{ $root.Values.postgres.passwordKey }}
            - name: EVENTLINE_TOKEN_KEYS
              value: "file:/etc/eventline/jwks/{{ $root.Values.auth.jwksKey }}"
            - name: EVENTLINE_LOG_FORMAT
              value: {{ $root.Values.logFormat | quote }}
            {{- if .svc.auditLog }}
            - name: EVENTLINE_AUDIT_LOG
              value: {{ .svc.auditLog | quote }}
            {{- end }}
            {{- if .stateful }}
            - name: KAFKA_STREAMS_DEFAULT_NUM_STREAM_THREADS
              value: {{ .svc.streamsThreads | quote }}
            {{- end }}
          lifecycle:
            # Readiness turns DOWN only once the JVM has the SIGTERM; this pause lets Services stop
            # routing to the pod first, so no new request meets a closing server.
            preStop:
              exec:
                command: ["sleep", "5"]
          livenessProbe:
            httpGet: {path: /health/liveness, port: http}
            periodSeconds: 10
            failureThreshold: 6
          readinessProbe:
            httpGet: {path: /health/readiness, port: http}
            periodSeconds: 5
            failureThreshold: 3
          startupProbe:
            httpGet: {path: /health/liveness, port: http}
            periodSeconds: 5
            failureThreshold: 60
          resources:
            {{- toYaml .svc.resources | nindent 12 }}
          volumeMounts:
            - name: jwks
              mountPath: /etc/eventline/jwks
              readOnly: true
            {{- if and .kafkaPrincipal $root.Values.kafka.security.caSecret }}
            - name: kafka-ca
              mountPath: /etc/eventline/kafka-ca
              readOnly: true
            {{- end }}
            {{- if .stateful }}
            - name: state
              mountPath: /var/lib/eventline
            {{- end }}
            {{- if .svc.auditLog }}
            - name: audit-log
              mountPath: {{ dir .svc.auditLog | quote }}
            {{- end }}
      volumes:
        - name: jwks
          secret:
            secretName: {{ $root.Values.auth.jwksSecret }}
        {{- if and .kafkaPrincipal $root.Values.kafka.security.caSecret }}
        - name: kafka-ca
          secret:
            secretName: {{ $root.Values.kafka.security.caSecret }}
        {{- end }}
        {{- if .svc.auditLog }}
        - name: audit-log
          emptyDir: {}
        {{- end }}
  {{- if .stateful }}
  volumeClaimTemplates:
    - metadata:
        name: state
      spec:
        accessModes: ["ReadWriteOnce"]
        {{- if $root.Values.storageClassName }}
        storageClassName: {{ $root.Values.storageClassName }}
        {{- end }}
        resources:
          requests:
            storage: {{ .svc.storage }}
  {{- end }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}
  labels:
    {{- include "eventline.labels" $root | nindent 4 }}
spec:
  selector:
    app.kubernetes.io/name: {{ .name }}
    app.kubernetes.io/instance: {{ $root.Release.Name }}
  ports:
    - name: http
      port: {{ .svc.port }}
      targetPort: http
{{- if .stateful }}
---
apiVersion: v1
kind: Service
metadata:
  name: {{ $name }}-headless
  labels:
    {{- include "eventline.labels" $root | nindent 4 }}
spec:
  clusterIP: None
  selector:
    app.kubernetes.io/name: {{ .name }}
    app.kubernetes.io/instance: {{ $root.Release.Name }}
  ports:
    - name: http
      port: {{ .svc.port }}
{{- end }}
{{- if $autoscaled }}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ $name }}
  labels:
    {{- include "eventline.labels" $root | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: {{ if .stateful }}StatefulSet{{ else }}Deployment{{ end }}
    name: {{ $name }}
  minReplicas: {{ .svc.autoscaling.minReplicas }}
  maxReplicas: {{ .svc.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .svc.autoscaling.targetCPUUtilizationPercentage }}
  behavior:
    scaleDown:
      # Each scale-down moves partitions (a rebalance and state restore): slowly.
      stabilizationWindowSeconds: 300
{{- end }}
{{- if or (gt (int .svc.replicas) 1) $autoscaled }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ $name }}
  labels:
    {{- include "eventline.labels" $root | nindent 4 }}
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      app.kubernetes.io/name: {{ .name }}
      app.kubernetes.io/instance: {{ $root.Release.Name }}
{{- end }}
{{- end -}}
