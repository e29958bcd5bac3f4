namespace RelicSecurity.Sites.Import;

/// <summary>What one stored batch did: rows newly inserted and rows skipped because their request_id was known.</summary>
public readonly record struct ImportBatchResult(int Imported, int Duplicates);
