#!/bin/bash
# Elasticsearch with security on, as docker-compose.yml runs it: adds the platform's user "docsearch" (role
# docsearch_service, roles.yml) to the file realm with the password in DOCSEARCH_ELASTICSEARCH_PASSWORD, then starts
# the node through the image's own entrypoint. The built-in "elastic" superuser gets ELASTIC_PASSWORD, for operators.
set -euo pipefail
: "${DOCSEARCH_ELASTICSEARCH_PASSWORD:?DOCSEARCH_ELASTICSEARCH_PASSWORD must be set}"
# it also goes into the health check's curl configuration and search-service's settings: keep it to a safe alphabet
case "$DOCSEARCH_ELASTICSEARCH_PASSWORD" in
  *[!A-Za-z0-9._~-]*) echo "DOCSEARCH_ELASTICSEARCH_PASSWORD may hold only letters, digits and . _ ~ - (openssl rand -hex 24)" >&2; exit 2 ;;
esac
cd /usr/share/elasticsearch
if ! grep -q '^docsearch:' config/users 2>/dev/null; then
  bin/elasticsearch-users useradd docsearch -p "$DOCSEARCH_ELASTICSEARCH_PASSWORD" -r docsearch_service
fi
exec /bin/tini -- /usr/local/bin/docker-entrypoint.sh "${@:-eswrapper}"
