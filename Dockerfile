# ownerd's image: a static binary built by deploy/build.sh (the same
# script CI runs), on distroless, as a non-root user.
#
#   docker build --build-arg VERSION=v1.2.3 -t ownerd:v1.2.3 .
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=devel
ARG REVISION=unknown
RUN VERSION=$VERSION REVISION=$REVISION sh deploy/build.sh /out/ownerd

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/ownerd /ownerd
USER 65532:65532
EXPOSE 9464
ENTRYPOINT ["/ownerd"]
CMD ["run", "--config", "/etc/ownerd/config.yaml"]
