FROM jupyter/base-notebook:python-3.11
USER root
# USER is restored to the base image's by the build script
RUN pip install --no-cache-dir 'pandas>=2' 'requests[security]>=2.31,<3'
