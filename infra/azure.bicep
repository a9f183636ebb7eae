// SkillSteps in Azure (docs/deploy.md): one Linux App Service running the Node 20 server (tab, tab API,
// bot endpoint, scheduler) on several instances, the Azure Bot for Teams, Storage (Tables, Queues,
// Blobs) reached with a user-assigned managed identity only, and Application Insights.
// Deployed by `teamsapp provision` (teamsapp.yml, arm/deploy); its outputs are written back to
// env/.env.<env> under the names below.

@description('Base of the resource names: lower-case letters, digits and hyphens.')
@minLength(3)
@maxLength(20)
param resourceBaseName string

@description('Region of every regional resource (the resource group\'s by default).')
param location string = resourceGroup().location

@description('App Service name, i.e. <name>.azurewebsites.net; globally unique.')
param webAppName string = toLower('${resourceBaseName}-${take(uniqueString(resourceGroup().id), 6)}')

@description('App Service plan SKU. P0v3 / S1 or above for several instances, Always On and deployment slots.')
param webAppSku string = 'P0v3'

@description('Instances of the server. State lives in Storage, so any number works.')
@minValue(1)
@maxValue(10)
param instanceCount int = 2

@description('Runtime stack of the Linux App Service.')
param linuxFxVersion string = 'NODE|20-lts'

@description('How App Service starts the server (never `npm start`, which starts the local tenant).')
param startupCommand string = 'node dist/src/server/run.js'

@description('A "staging" deployment slot for swap-based upgrades and roll-backs (not on Basic plans).')
param enableStagingSlot bool = false

@description('Name of the bot shown in Azure.')
param botDisplayName string = 'SkillSteps'

@description('Programme preset id (setagaya | moka | kashiwa | tokyo-template | nakano) or YAML path.')
param programme string

@description('The SharePoint site holding the lists (URL or Graph site id).')
param sharePointSite string

@description('Object id of the Entra group of the programme office (DX推進課 / 職員課).')
param officeGroupId string

@description('Client id of the Entra app registration used for Teams SSO and on-behalf-of (aadApp/create).')
param aadAppClientId string

@description('Tenant of the municipality.')
param aadAppTenantId string

@description('Client secret of that app registration: on-behalf-of needs it. Never logged, never in git.')
@secure()
param aadAppClientSecret string

@description('Teams app id (TEAMS_APP_ID, written by teamsApp/create): links in the bot\'s cards open the personal tab. Empty: they open the tab\'s web page.')
param teamsAppId string = ''

@description('UPNs of the programme office in chat, comma-separated: who may map a channel to a 部 and nominate for any section through the bot. The bot has no token to read the office group from.')
param officeUpns string = ''

@description('UPN of the programme office\'s approver: needed when a role\'s nominations are decided by the office (東京都テンプレート DX推進員).')
param officeApproverUpn string = ''

@description('Language of the bot\'s cards: auto (each user\'s Teams language), ja or en.')
@allowed([
  'auto'
  'ja'
  'en'
])
param botLocale string = 'auto'

@description('Tenants whose tokens the tab API accepts (comma-separated); the municipality\'s own by default.')
param allowedTenants string = aadAppTenantId

@description('Storage redundancy.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
])
param storageSku string = 'Standard_LRS'

@description('Days Log Analytics keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 90

var storageAccountName = take('st${replace(toLower(resourceBaseName), '-', '')}${uniqueString(resourceGroup().id)}', 24)

// Built-in data roles on the storage account, for the managed identity only (no account keys).
var storageRoles = [
  '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Storage Table Data Contributor: conversations, channel map, reminder ledger
  '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Storage Queue Data Contributor: the send queue
  'ba92f5b4-2d11-453d-a403-e96b0029c9fe' // Storage Blob Data Contributor: the jobs' leases and the lists' delta links
]

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${resourceBaseName}-identity'
  location: location
}

resource logs 'Microsoft.OperationalInsights/workspaces@2022-10-01' = {
  name: '${resourceBaseName}-logs'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: logRetentionDays
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${resourceBaseName}-insights'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: storageSku
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource storageRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for roleId in storageRoles: {
  name: guid(storage.id, identity.id, roleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}]

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${resourceBaseName}-plan'
  location: location
  kind: 'linux'
  sku: {
    name: webAppSku
    capacity: instanceCount
  }
  properties: {
    reserved: true // Linux
  }
}

var siteConfig = {
  linuxFxVersion: linuxFxVersion
  appCommandLine: startupCommand
  alwaysOn: true
  http20Enabled: true
  minTlsVersion: '1.2'
  ftpsState: 'Disabled'
  healthCheckPath: '/api/health'
}

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false // stateless: any instance serves any request
    siteConfig: siteConfig
  }
}

var publicHost = site.properties.defaultHostName

// The server's configuration (src/config.ts). SKILLSTEPS_CLIENT_SECRET is the only secret.
var appSettings = {
  SKILLSTEPS_PROGRAMME: programme
  SKILLSTEPS_SITE: sharePointSite
  SKILLSTEPS_TENANT_ID: aadAppTenantId
  SKILLSTEPS_CLIENT_ID: aadAppClientId
  SKILLSTEPS_CLIENT_SECRET: aadAppClientSecret
  SKILLSTEPS_MANAGED_IDENTITY: 'true'
  SKILLSTEPS_MANAGED_IDENTITY_CLIENT_ID: identity.properties.clientId
  SKILLSTEPS_PUBLIC_URL: 'https://${publicHost}'
  // The API takes v2 access tokens only (aad.manifest.json: accessTokenAcceptedVersion 2), whose aud is the client id.
  SKILLSTEPS_AUTH_AUDIENCE: aadAppClientId
  SKILLSTEPS_ALLOWED_TENANTS: allowedTenants
  SKILLSTEPS_OFFICE_GROUP_ID: officeGroupId
  SKILLSTEPS_OFFICE_UPNS: officeUpns
  SKILLSTEPS_OFFICE_APPROVER_UPN: officeApproverUpn
  SKILLSTEPS_TEAMS_APP_ID: teamsAppId
  SKILLSTEPS_BOT_LOCALE: botLocale
  SKILLSTEPS_BOT_APP_ID: identity.properties.clientId
  SKILLSTEPS_BOT_APP_TYPE: 'UserAssignedMSI'
  SKILLSTEPS_BOT_TENANT_ID: identity.properties.tenantId
  SKILLSTEPS_STORAGE_ACCOUNT: storage.name
  APPLICATIONINSIGHTS_CONNECTION_STRING: insights.properties.ConnectionString
  // Application Insights' agent for Node.js on Linux (no SDK in the code): requests, dependencies, exceptions.
  ApplicationInsightsAgent_EXTENSION_VERSION: '~3'
  NODE_ENV: 'production'
  // teamsapp deploy uploads a built zip (azureAppService/zipDeploy): run it as is, build nothing.
  WEBSITE_RUN_FROM_PACKAGE: '1'
  SCM_DO_BUILD_DURING_DEPLOYMENT: 'false'
}

resource siteSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: site
  name: 'appsettings'
  properties: appSettings
}

// The server's JSON log lines (stdout), the HTTP log and the platform's own events go to Log Analytics,
// where the office's and the admin's questions are KQL queries (docs/deploy.md「Operations」).
// diagnosticSettings has no GA API version; 2021-05-01-preview is the one the ARM reference documents.
resource siteDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'skillsteps-logs'
  scope: site
  properties: {
    workspaceId: logs.id
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
    ]
  }
}

resource stagingSlot 'Microsoft.Web/sites/slots@2023-12-01' = if (enableStagingSlot) {
  parent: site
  name: 'staging'
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: siteConfig
  }
}

resource stagingSlotSettings 'Microsoft.Web/sites/slots/config@2023-12-01' = if (enableStagingSlot) {
  parent: stagingSlot
  name: 'appsettings'
  properties: appSettings
}

// The bot authenticates as the managed identity: no bot password exists anywhere.
resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: webAppName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: 'F0' // the Teams channel is a standard channel: free
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${publicHost}/api/messages'
    msaAppId: identity.properties.clientId
    msaAppType: 'UserAssignedMSI'
    msaAppMSIResourceId: identity.id
    msaAppTenantId: identity.properties.tenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

// Written to env/.env.<env> by arm/deploy; the names are the ones teamsapp.yml, the manifest and
// aad.manifest.json use.
output AZURE_APP_SERVICE_RESOURCE_ID string = site.id
output AZURE_APP_SERVICE_NAME string = site.name
output TAB_DOMAIN string = publicHost
output TAB_ENDPOINT string = 'https://${publicHost}'
output BOT_DOMAIN string = publicHost
output BOT_ENDPOINT string = 'https://${publicHost}'
output BOT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = identity.properties.tenantId
output AZURE_BOT_NAME string = bot.name
output MANAGED_IDENTITY_CLIENT_ID string = identity.properties.clientId
output MANAGED_IDENTITY_PRINCIPAL_ID string = identity.properties.principalId
output STORAGE_ACCOUNT_NAME string = storage.name
