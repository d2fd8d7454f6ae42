FROM debian:bookworm
USER root
# USER is restored to the base image's by the build script
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends 'python3-pip' \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir 'pandas>=2' 'requests[security]>=2.31,<3' \
 && if command -v fix-permissions >/dev/null 2>&1 && [ -n "${CONDA_DIR:-}" ] && [ -n "${NB_USER:-}" ]; then \
      fix-permissions "$CONDA_DIR" && fix-permissions "/home/$NB_USER"; fi
