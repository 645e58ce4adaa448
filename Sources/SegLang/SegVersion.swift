/// The version `seg --version` prints and every report's manifest records.
public enum SegVersion {
  public static let current = "0.1.0"
}
