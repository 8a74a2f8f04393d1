#!/bin/bash
# Elasticsearch with security on, as docker-compose.yml runs it: adds the platform's user "docsearch" (role
# docsearch_service, roles.yml) to the file realm with the password in DOCSEARCH_ELASTICSEARCH_PASSWORD, then starts
# the node through the image's own entrypoint. The built-in "elastic" superuser gets ELASTIC_PASSWORD, for operators.
set -euo pipefail
: "${DOCSEARCH_ELASTICSEARCH_PASSWORD:?DOCSEARCH_ELASTICSEARCH_PASSWORD must be set}"
cd /usr/share/elasticsearch
if ! grep -q '^docsearch:' config/users 2>/dev/null; then
  bin/elasticsearch-users useradd docsearch -p "$DOCSEARCH_ELASTICSEARCH_PASSWORD" -r docsearch_service
fi
exec /bin/tini -- /usr/local/bin/docker-entrypoint.sh eswrapper
