FROM jupyter/base-notebook:python-3.11
USER root
# USER is restored to the base image's by the build script
