import AnnalsCLI

AnnalsCommand.mainAcceptingGlobalLedger()
