FROM jupyter/base-notebook:python-3.11
USER root
# USER is restored to the base image's by the build script
RUN pip install --no-cache-dir 'pandas>=2' 'requests[security]>=2.31,<3' \
 && if command -v fix-permissions >/dev/null 2>&1 && [ -n "${CONDA_DIR:-}" ] && [ -n "${NB_USER:-}" ]; then \
      fix-permissions "$CONDA_DIR" && fix-permissions "/home/$NB_USER"; fi
