# The netsplit exporter as a container image: Node.js 20, the exporter's production dependencies
# only (from package-lock.json), a non-root user, nothing written at run time (runs with a
# read-only root filesystem). docs/kubernetes.md shows how to build, push and run it:
#
#   docker build --build-arg NETSPLIT_BUILD_COMMIT=$(git rev-parse HEAD) -t netsplit-exporter:0.1.0 .
#
# test/artifacts/container-install.test.ts runs both stages' lines as they stand here, each in a
# scratch folder (no image can be built where the tests run), then starts ENTRYPOINT + CMD: keep
# every step a plain COPY, RUN, ARG, ENV, WORKDIR, USER, EXPOSE, ENTRYPOINT or CMD. No
# HEALTHCHECK: Kubernetes ignores it (the manifests probe /readyz and /healthz), and the port and
# TLS it would need depend on the config.

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.json ./
COPY exporter/package.json exporter/
COPY panel-plugin/package.json panel-plugin/
# Root devDependencies hold the compiler; the panel's are not needed.
RUN npm ci --workspace exporter --include-workspace-root --ignore-scripts --no-audit --no-fund
COPY exporter/ exporter/
# No .git in the build context: the commit --version prints comes in as a build argument.
ARG NETSPLIT_BUILD_COMMIT=""
RUN npm run build --workspace exporter

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
COPY exporter/package.json exporter/
COPY panel-plugin/package.json panel-plugin/
# Production dependencies of the exporter alone, at the versions the tests ran; no install
# scripts (none of them needs one) and no npm cache left in the image.
RUN npm ci --omit=dev --workspace exporter --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/exporter/dist exporter/dist
COPY LICENSE ./
# The image's `node` user, by number so that Kubernetes can check runAsNonRoot.
USER 1000:1000
EXPOSE 9465/tcp 9465/udp
ENTRYPOINT ["node", "/app/exporter/dist/cli.js"]
CMD ["--config", "/etc/netsplit/netsplit.yaml"]
