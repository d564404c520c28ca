namespace EShop.DbService.Stores;

/// <summary>The outcome of a write fenced by the user's password version.</summary>
public enum VersionedWrite
{
    Done,
    NotFound,
    /// <summary>The password changed after the caller read the version it presented.</summary>
    Stale,
}
