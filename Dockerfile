# Container recipe for one ActorStudio node (not built in this repository's CI: no container runtime there).
#   docker build -t actorstudio-node .
#   docker run -p 8080:8080 actorstudio-node            # embedded mode: SQLite + local files under /data
# Cluster mode: see k8s/ and docs/operations.md ("Cluster").
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Node/ActorStudio.Node.csproj -c Release -o /app --no-self-contained

FROM node:20-bookworm-slim AS npm
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update && apt-get install -y --no-install-recommends libvips42 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
COPY --from=build /src/wwwroot ./wwwroot
COPY --from=npm /src/node_modules ./node_modules
ENV Studio__WebRoot=/app/wwwroot \
    Studio__NodeModules=/app/node_modules \
    Studio__DataDir=/data \
    ASPNETCORE_URLS=http://0.0.0.0:8080
RUN mkdir -p /data && chown app:app /data
USER app
EXPOSE 8080
ENTRYPOINT ["dotnet", "ActorStudio.Node.dll"]
